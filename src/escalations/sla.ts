/**
 * SLA timers for escalations, as BullMQ delayed jobs ('escalations.sla-step').
 *
 * Each stage of an escalation (waiting for a claim, for the first reply, for
 * the resolution) has a budget of working minutes from the tenant's policy,
 * counted in the working calendar of the escalation's group. Three steps
 * follow one another, step k due at stage start + (k+1) × budget:
 *   0  remind the assignee (or the whole group when nobody is on call);
 *   1  waiting for a claim and the group has a backup group: re-route there;
 *      in every case alert the group's lead(s);
 *   2  last reminder to the assignee or group and the leads. Nothing after it.
 *
 * Job ids are `sla-<escalationId>-v<version>-s<step>`: scheduling the same
 * step twice (a retry, a resync at start-up) adds nothing. Jobs live in
 * Redis, so they survive restarts; the processor re-reads the escalation and
 * does nothing when its version moved on (claimed, replied, resolved, …).
 */
import type { Db } from '../db/client.js';
import type { Escalation } from '../generated/prisma/client.js';
import type { Jobs, JobContext } from '../jobs/system.js';
import type { JobData } from '../jobs/definitions.js';
import { recordAdoptionEvent } from '../adoption/events.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { HypercareError } from '../bot/core/errors.js';
import { onCallOfGroup } from './routing.js';
import { inChampionWindow } from './champion-window.js';
import { parseGroupSettings, parseSlaPolicy, type SlaPolicy } from './settings.js';
import { DEFAULT_WORKING_HOURS, addWorkingMinutes, type WorkingCalendar } from './working-time.js';

export type SlaStage = 'claim' | 'first_reply' | 'resolve';
export const LAST_SLA_STEP = 2;

export type SlaNotificationKind =
  | 'claim_reminder'
  | 'first_reply_reminder'
  | 'resolve_reminder'
  | 'rerouted'
  | 'lead_alert'
  /** Champion-first: the champions did not claim it in their window; now the engineers' turn. */
  | 'champion_handover';

export interface SlaRecipients {
  /** People to message directly. */
  userIds: string[];
  groupId: string | null;
  /** The group's channel, when the whole group is meant. */
  channelThreadId: string | null;
}

export interface SlaNotificationInfo {
  stage: SlaStage;
  step: number;
  dueAt: Date;
  /** Unique per notification forever: use it as the outbound delivery key (plus the recipient) so a retry never posts twice. */
  deliveryKey: string;
}

export type SlaNotify = (kind: SlaNotificationKind, escalation: Escalation, recipients: SlaRecipients, info: SlaNotificationInfo) => Promise<void>;

export type SlaStepOutcome = 'stale' | 'closed' | 'reminded' | 'rerouted' | 'alerted';

export interface SlaTimersOptions {
  db: Db;
  jobs: Jobs;
  notify: SlaNotify;
  clock?: () => Date;
  /** Real milliseconds per policy minute: 60 000 in production; tests shrink it to run a 15-minute SLA in a blink. */
  minuteMs?: number;
  log?: Logger;
}

export function stageOf(escalation: Pick<Escalation, 'status' | 'firstReplyAt'>): SlaStage | null {
  if (escalation.status === 'open') return 'claim';
  if (escalation.status === 'claimed') return escalation.firstReplyAt ? 'resolve' : 'first_reply';
  return null;
}

export function slaJobId(escalationId: string, version: number, step: number): string {
  return `sla-${escalationId}-v${version}-s${step}`;
}

export function stageBudget(policy: SlaPolicy, stage: SlaStage): number {
  return stage === 'claim' ? policy.claimMinutes : stage === 'first_reply' ? policy.firstReplyMinutes : policy.resolveMinutes;
}

/** When step `step` of the escalation's current stage is due. */
export function slaStepDueAt(escalation: Escalation, stage: SlaStage, step: number, policy: SlaPolicy, calendar: WorkingCalendar): Date {
  // The first reply is measured from the claim; the claim from the question, or from the hand-over to the
  // engineers after a champion-first window; the resolution from the question.
  const start =
    stage === 'first_reply' ? (escalation.claimedAt ?? escalation.createdAt) : stage === 'claim' ? (escalation.championUntil ?? escalation.createdAt) : escalation.createdAt;
  return addWorkingMinutes(start, stageBudget(policy, stage) * (step + 1), calendar);
}

export class SlaTimers {
  private readonly db: Db;
  private readonly jobs: Jobs;
  private readonly notify: SlaNotify;
  private readonly clock: () => Date;
  private readonly minuteMs: number;
  private readonly log: Logger;

  constructor(options: SlaTimersOptions) {
    this.db = options.db;
    this.jobs = options.jobs;
    this.notify = options.notify;
    this.clock = options.clock ?? (() => new Date());
    this.minuteMs = options.minuteMs ?? 60_000;
    this.log = (options.log ?? silentLogger).child({ component: 'escalation-sla' });
  }

  /** Register the job processor; call before jobs.start(). */
  register(): void {
    this.jobs.registerProcessor('escalations.sla-step', async (data, ctx) => {
      await this.runStep(data, ctx);
    });
  }

  /**
   * Schedule the next step for the escalation's current version, after a state
   * change or at start-up. The step is the first not yet due, so a resync
   * never replays past reminders; when every step is past, the last one runs now.
   */
  async schedule(escalation: Escalation): Promise<{ jobId: string; step: number } | null> {
    const stage = stageOf(escalation);
    // In the champions' window the engineers' clock has not started; the hand-over schedules it.
    if (!stage || !this.jobs.available || inChampionWindow(escalation)) return null;
    const { policy, calendar } = await this.contextOf(escalation);
    const now = this.clock();
    let step = 0;
    while (step < LAST_SLA_STEP && slaStepDueAt(escalation, stage, step, policy, calendar) <= now) step++;
    return this.enqueueStep(escalation, step, slaStepDueAt(escalation, stage, step, policy, calendar));
  }

  /**
   * After a committed state change: drop the previous version's pending steps
   * (they would only find themselves stale) and schedule the new stage's first
   * due step. A closed escalation keeps no timers.
   */
  async onChange(escalation: Escalation): Promise<void> {
    if (!this.jobs.available) return;
    if (escalation.version > 0) await this.cancelVersion(escalation.id, escalation.version - 1);
    await this.schedule(escalation);
  }

  /** Remove the waiting steps of one version; a step already running finishes and finds itself stale. */
  private async cancelVersion(escalationId: string, version: number): Promise<void> {
    const queue = this.jobs.queue('escalations');
    // Queue.remove leaves a locked (running) job alone and returns 0.
    await Promise.all(Array.from({ length: LAST_SLA_STEP + 1 }, (_, step) => queue.remove(slaJobId(escalationId, version, step))));
  }

  /** Re-schedule every active escalation (of one tenant, or all): safe to run at every start-up. */
  async resync(tenantId?: string): Promise<number> {
    if (!this.jobs.available) return 0;
    const active = await this.db.escalation.findMany({ where: { status: { in: ['open', 'claimed'] }, ...(tenantId ? { tenantId } : {}) } });
    let scheduled = 0;
    for (const escalation of active) {
      try {
        if (await this.schedule(escalation)) scheduled++;
      } catch (err) {
        this.log.warn({ escalationId: escalation.id, err }, 'could not schedule SLA timers for an escalation');
      }
    }
    return scheduled;
  }

  /** The job: act on one step, unless the escalation moved on since it was scheduled. */
  async runStep(data: JobData<'escalations.sla-step'>, ctx?: Pick<JobContext, 'log' | 'jobId'>): Promise<SlaStepOutcome> {
    const log = ctx?.log ?? this.log;
    const escalation = await this.db.escalation.findUnique({ where: { id: data.escalationId } });
    const stage = escalation ? stageOf(escalation) : null;
    if (!escalation || !stage) return 'closed';
    if (escalation.version !== data.version) {
      log.debug({ escalationId: escalation.id, jobVersion: data.version, version: escalation.version }, 'SLA step is stale; skipped');
      return 'stale';
    }
    const { policy, calendar } = await this.contextOf(escalation);
    const info = (kind: SlaNotificationKind): SlaNotificationInfo => ({
      stage,
      step: data.step,
      dueAt: slaStepDueAt(escalation, stage, data.step, policy, calendar),
      deliveryKey: `sla:${escalation.id}:v${escalation.version}:s${data.step}:${kind}`,
    });
    const reminder = `${stage}_reminder` as const;

    if (data.step === 0) {
      await this.notify(reminder, escalation, await this.owners(escalation), info(reminder));
      await this.scheduleStep(escalation, stage, 1, policy, calendar);
      return 'reminded';
    }
    if (data.step === 1) {
      const rerouted = stage === 'claim' ? await this.rerouteToBackup(escalation) : null;
      await this.notify('lead_alert', escalation, await this.leads(escalation.tenantId, escalation.groupId), info('lead_alert'));
      if (rerouted) {
        await this.notify('rerouted', rerouted, await this.owners(rerouted), info('rerouted'));
        await this.scheduleStep(rerouted, stage, 2, policy, await this.calendarOf(rerouted));
        return 'rerouted';
      }
      await this.scheduleStep(escalation, stage, 2, policy, calendar);
      return 'alerted';
    }
    const owners = await this.owners(escalation);
    const leads = await this.leads(escalation.tenantId, escalation.groupId);
    await this.notify(reminder, escalation, { ...owners, userIds: [...new Set([...owners.userIds, ...leads.userIds])] }, info(reminder));
    return 'reminded';
  }

  private async scheduleStep(escalation: Escalation, stage: SlaStage, step: number, policy: SlaPolicy, calendar: WorkingCalendar): Promise<void> {
    if (step > LAST_SLA_STEP) return;
    await this.enqueueStep(escalation, step, slaStepDueAt(escalation, stage, step, policy, calendar));
  }

  private async enqueueStep(escalation: Escalation, step: number, dueAt: Date): Promise<{ jobId: string; step: number }> {
    const jobId = slaJobId(escalation.id, escalation.version, step);
    const delay = Math.max(0, Math.round(((dueAt.getTime() - this.clock().getTime()) / 60_000) * this.minuteMs));
    await this.jobs.enqueue('escalations.sla-step', { escalationId: escalation.id, version: escalation.version, step }, { jobId, delay });
    return { jobId, step };
  }

  /**
   * Move an unclaimed escalation to its group's backup group and that group's
   * on-call engineer; bumps the version (a state change). Null when there is
   * no usable backup or the escalation changed meanwhile.
   */
  private async rerouteToBackup(escalation: Escalation): Promise<Escalation | null> {
    if (!escalation.groupId) return null;
    const tenant = await this.tenantOf(escalation.tenantId);
    const group = await this.db.engineerGroup.findFirst({ where: { id: escalation.groupId, tenantId: escalation.tenantId } });
    if (!group) return null;
    const { backupGroupId } = parseGroupSettings(group, tenant.timezone);
    if (!backupGroupId || backupGroupId === group.id) return null;
    const backup = await this.db.engineerGroup.findFirst({ where: { id: backupGroupId, tenantId: escalation.tenantId } });
    if (!backup) {
      this.log.warn({ groupId: group.id, backupGroupId }, `engineer group "${group.name}" names a backup group that does not exist in its tenant`);
      return null;
    }
    const { onCallUserId } = await onCallOfGroup(this.db, backup, tenant.timezone, this.clock());
    // The move and its adoption event land together, or not at all.
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.escalation.updateMany({
        where: { id: escalation.id, tenantId: escalation.tenantId, status: 'open', version: escalation.version },
        data: { groupId: backup.id, assigneeId: onCallUserId, version: { increment: 1 } },
      });
      if (count === 0) return null;
      await recordAdoptionEvent(tx, {
        tenantId: escalation.tenantId,
        kind: 'escalation_rerouted',
        data: { escalationId: escalation.id, fromGroupId: group.id, toGroupId: backup.id },
        occurredAt: this.clock(),
      });
      return tx.escalation.findUniqueOrThrow({ where: { id: escalation.id } });
    });
  }

  /** The assignee, or the whole group (members and channel) when nobody is assigned. */
  private async owners(escalation: Escalation): Promise<SlaRecipients> {
    if (escalation.assigneeId) return { userIds: [escalation.assigneeId], groupId: escalation.groupId, channelThreadId: null };
    if (!escalation.groupId) return { userIds: [], groupId: null, channelThreadId: null };
    const group = await this.db.engineerGroup.findFirst({
      where: { id: escalation.groupId, tenantId: escalation.tenantId },
      include: { members: { orderBy: { position: 'asc' } } },
    });
    return { userIds: group?.members.map((m) => m.userId) ?? [], groupId: escalation.groupId, channelThreadId: group?.channelThreadId ?? null };
  }

  /** The group's leads; the group channel when it names none. */
  private async leads(tenantId: string, groupId: string | null): Promise<SlaRecipients> {
    if (!groupId) return { userIds: [], groupId: null, channelThreadId: null };
    const group = await this.db.engineerGroup.findFirst({ where: { id: groupId, tenantId }, include: { members: { where: { isLead: true } } } });
    const userIds = group?.members.map((m) => m.userId) ?? [];
    return { userIds, groupId, channelThreadId: userIds.length === 0 ? (group?.channelThreadId ?? null) : null };
  }

  /** The tenant's policy and the group's calendar, in one statement (this runs after every state change). */
  private async contextOf(escalation: Escalation): Promise<{ policy: SlaPolicy; calendar: WorkingCalendar }> {
    const rows = await this.db.$queryRaw<{ id: string; name: string; timezone: string; settings: unknown; groupId: string | null; groupName: string | null; groupSettings: unknown }[]>`
      SELECT t."id", t."name", t."timezone", t."settings", g."id" AS "groupId", g."name" AS "groupName", g."settings" AS "groupSettings"
      FROM "Tenant" t LEFT JOIN "EngineerGroup" g ON g."id" = ${escalation.groupId} AND g."tenantId" = t."id"
      WHERE t."id" = ${escalation.tenantId}`;
    const row = rows[0];
    if (!row) throw new HypercareError('not_found', `tenant ${escalation.tenantId} not found`);
    const calendar = row.groupId
      ? parseGroupSettings({ id: row.groupId, name: row.groupName ?? '', settings: row.groupSettings }, row.timezone).calendar
      : { timezone: row.timezone, hours: DEFAULT_WORKING_HOURS };
    return { policy: parseSlaPolicy(row), calendar };
  }

  /** The group's working calendar; the tenant's time zone and default hours when unrouted. */
  private async calendarOf(escalation: Escalation, tenantTimezone?: string): Promise<WorkingCalendar> {
    const timezone = tenantTimezone ?? (await this.tenantOf(escalation.tenantId)).timezone;
    const group = escalation.groupId ? await this.db.engineerGroup.findFirst({ where: { id: escalation.groupId, tenantId: escalation.tenantId } }) : null;
    return group ? parseGroupSettings(group, timezone).calendar : { timezone, hours: DEFAULT_WORKING_HOURS };
  }

  private async tenantOf(tenantId: string): Promise<{ id: string; name: string; timezone: string; settings: unknown }> {
    const tenant = await this.db.tenant.findUnique({ where: { id: tenantId }, select: { id: true, name: true, timezone: true, settings: true } });
    if (!tenant) throw new HypercareError('not_found', `tenant ${tenantId} not found`);
    return tenant;
  }
}
