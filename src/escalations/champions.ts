/**
 * Champion-first (a tenant setting, `championFirst` in Tenant.settings, set by
 * the escalation set-up file): a new escalation from a department that has
 * champions goes to them first, privately, with a Claim button. If nobody
 * claims it within the window, a delayed job ('escalations.champion-handover',
 * id `champion-<id>-v<version>`, so scheduling it twice adds nothing) routes it
 * to the engineers — unless the escalation moved on meanwhile (the version in
 * the job no longer matches the row), which is the state check that keeps a
 * late or repeated job from doing anything.
 */
import type { Db } from '../db/client.js';
import type { Escalation, Prisma } from '../generated/prisma/client.js';
import type { Jobs } from '../jobs/system.js';
import type { JobData } from '../jobs/definitions.js';
import type { Logger } from '../log.js';
import type { Lang } from '../knowledge/types.js';
import type { Block, OutgoingMessage } from '../bot/core/types.js';
import type { OutboundDelivery } from '../delivery/outbound.js';
import { recordAdoptionEvent } from '../adoption/events.js';
import { langFromLocale } from '../bot/core/language.js';
import { plainText } from '../bot/handlers/answer-message.js';
import { t } from '../bot/i18n/messages.js';
import { championFirstSchema, type ChampionFirstSettings } from './setup-schema.js';
import { escalationSubjectOf, routeEscalation, type EscalationSubject, type RouteDecision } from './routing.js';
import { inChampionWindow } from './champion-window.js';
import type { SlaNotify } from './sla.js';

/** The action the engineers' Claim button carries (handled by the escalation actions handler). */
const CLAIM_ACTION = 'esc.claim';

export function championJobId(escalationId: string, version: number): string {
  return `champion-${escalationId}-v${version}`;
}

/** The tenant's champion-first settings, or null when it is off (or unreadable: escalations must never fail on it). */
export function championFirstOf(tenantSettings: unknown, log?: Logger): ChampionFirstSettings | null {
  const raw = tenantSettings && typeof tenantSettings === 'object' ? (tenantSettings as Record<string, unknown>).championFirst : undefined;
  if (raw === undefined) return null;
  const parsed = championFirstSchema.safeParse(raw);
  if (!parsed.success) {
    log?.warn({ problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'invalid championFirst settings; questions go straight to the engineers');
    return null;
  }
  return parsed.data.enabled ? parsed.data : null;
}

export type HandoverOutcome = 'handed_over' | 'stale';

export interface ChampionFirstOptions {
  db: Db;
  jobs: Jobs;
  outbound: Pick<OutboundDelivery, 'deliverToUser'>;
  /** Tells the engineers about the hand-over when nobody else listens (see onHandover). */
  notify: SlaNotify;
  /** The SLA timers: after the hand-over the engineers' claim clock starts. */
  afterChange: (escalation: Escalation) => Promise<void>;
  clock?: () => Date;
  /** Real milliseconds per minute of the window; tests shrink it. */
  minuteMs?: number;
  log: Logger;
}

export class ChampionFirst {
  private readonly clock: () => Date;
  private readonly minuteMs: number;
  private readonly log: Logger;
  private readonly handoverListeners: ((escalation: Escalation) => Promise<void>)[] = [];

  constructor(private readonly options: ChampionFirstOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.minuteMs = options.minuteMs ?? 60_000;
    this.log = options.log.child({ component: 'champion-first' });
  }

  register(): void {
    this.options.jobs.registerProcessor('escalations.champion-handover', async (data) => {
      await this.handOver(data);
    });
  }

  /**
   * The chat flow's engineer notification for escalations that reach the
   * engineers late; without a listener a plain notice goes to the group.
   */
  onHandover(listener: (escalation: Escalation) => Promise<void>): void {
    this.handoverListeners.push(listener);
  }

  /** EscalationService's championWindow: until when the department's champions have the question, or null. */
  readonly window = async (tx: Prisma.TransactionClient, tenantId: string, subject: EscalationSubject, route: RouteDecision, now: Date): Promise<Date | null> => {
    const settings = championFirstOf(route.tenantSettings, this.log);
    if (!settings || !subject.departmentId) return null;
    const department = subject.context.department?.trim().toLowerCase();
    if (settings.departments && !settings.departments.some((d) => d.trim().toLowerCase() === department)) return null;
    const champions = await tx.user.count({ where: { tenantId, departmentId: subject.departmentId, role: 'champion', id: { not: subject.question.userId } } });
    return champions > 0 ? new Date(now.getTime() + settings.minutes * 60_000) : null;
  };

  /** After each committed change: offer a new escalation to the champions and start their window, or end it. */
  async onChange(escalation: Escalation): Promise<void> {
    if (inChampionWindow(escalation)) {
      await this.offer(escalation);
      await this.scheduleHandover(escalation);
    } else if (escalation.championUntil && escalation.version === 1 && this.options.jobs.available) {
      // Claimed in the window (or handed over): the pending hand-over has nothing left to do.
      await this.options.jobs.queue('escalations').remove(championJobId(escalation.id, 0));
    }
  }

  /** Start-up: every escalation still in its champions' window gets its hand-over job back (same id: nothing doubles). */
  async resync(): Promise<number> {
    if (!this.options.jobs.available) return 0;
    const waiting = await this.options.db.escalation.findMany({ where: { status: 'open', version: 0, championUntil: { not: null } } });
    for (const escalation of waiting) await this.scheduleHandover(escalation);
    return waiting.length;
  }

  /** The job: route to the engineers what no champion claimed; nothing when the escalation moved on. */
  async handOver(data: JobData<'escalations.champion-handover'>): Promise<HandoverOutcome> {
    const { db } = this.options;
    const current = await db.escalation.findUnique({ where: { id: data.escalationId } });
    if (!current || current.version !== data.version || !inChampionWindow(current)) return 'stale';
    const now = this.clock();
    const subject = await escalationSubjectOf(db, current.tenantId, current.questionId);
    const route = subject ? await routeEscalation(db, current.tenantId, subject.context, now) : null;
    const groupId = route?.group?.id ?? null;
    const updated = await db.$transaction(async (tx) => {
      const { count } = await tx.escalation.updateMany({
        where: { id: current.id, tenantId: current.tenantId, status: 'open', version: data.version },
        data: { groupId, assigneeId: route?.onCallUserId ?? null, championUntil: now, version: { increment: 1 } },
      });
      if (count === 0) return null;
      await recordAdoptionEvent(tx, {
        tenantId: current.tenantId,
        kind: 'escalation_rerouted',
        data: { escalationId: current.id, fromGroupId: null, toGroupId: groupId, reason: 'champions_did_not_claim' },
        occurredAt: now,
      });
      return tx.escalation.findUniqueOrThrow({ where: { id: current.id } });
    });
    if (!updated) return 'stale';
    await this.options.afterChange(updated);
    await this.tellEngineers(updated, route);
    return 'handed_over';
  }

  private async scheduleHandover(escalation: Escalation): Promise<void> {
    if (!this.options.jobs.available || !escalation.championUntil) return;
    const minutesLeft = (escalation.championUntil.getTime() - this.clock().getTime()) / 60_000;
    const delay = Math.max(0, Math.round(minutesLeft * this.minuteMs));
    await this.options.jobs.enqueue(
      'escalations.champion-handover',
      { escalationId: escalation.id, version: escalation.version },
      { jobId: championJobId(escalation.id, escalation.version), delay },
    );
  }

  /** A private message with a Claim button to each champion of the asker's department. */
  private async offer(escalation: Escalation): Promise<void> {
    const { db } = this.options;
    const { tenantId } = escalation;
    const [asker, question, tenant] = await Promise.all([
      db.user.findFirst({ where: { id: escalation.requesterId, tenantId }, select: { displayName: true, departmentId: true, department: { select: { name: true } } } }),
      db.question.findFirst({ where: { id: escalation.questionId, tenantId }, select: { text: true } }),
      db.tenant.findUnique({ where: { id: tenantId }, select: { defaultLocale: true, settings: true } }),
    ]);
    if (!asker?.departmentId) return;
    const champions = await db.user.findMany({
      where: { tenantId, departmentId: asker.departmentId, role: 'champion', id: { not: escalation.requesterId } },
      select: { id: true, locale: true, platformLocale: true },
    });
    const minutes = championFirstOf(tenant?.settings)?.minutes ?? Math.round(((escalation.championUntil?.getTime() ?? 0) - escalation.createdAt.getTime()) / 60_000);
    for (const champion of champions) {
      const lang = langFromLocale(champion.locale) ?? langFromLocale(champion.platformLocale) ?? langFromLocale(tenant?.defaultLocale) ?? 'en';
      const outcome = await this.options.outbound.deliverToUser({
        tenantId,
        userId: champion.id,
        deliveryKey: `champion:${escalation.id}:offer:${champion.id}`,
        kind: 'champion_offer',
        message: offerMessage(lang, { department: asker.department?.name ?? '', minutes, question: question?.text ?? '', askedBy: asker.displayName, escalationId: escalation.id }),
      });
      if (outcome === 'unreachable') this.log.warn({ escalationId: escalation.id, userId: champion.id }, 'a champion has no chat account the bot can write to');
    }
  }

  private async tellEngineers(escalation: Escalation, route: RouteDecision | null): Promise<void> {
    if (this.handoverListeners.length > 0) {
      for (const listener of this.handoverListeners) {
        await listener(escalation).catch((err: unknown) => this.log.warn({ escalationId: escalation.id, err }, 'a hand-over listener failed'));
      }
      return;
    }
    const group = route?.group ?? null;
    const members = escalation.assigneeId
      ? [escalation.assigneeId]
      : group
        ? (await this.options.db.engineerGroupMember.findMany({ where: { groupId: group.id }, orderBy: { position: 'asc' } })).map((m) => m.userId)
        : [];
    const dueAt = escalation.championUntil ?? this.clock();
    await this.options.notify('champion_handover', escalation, { userIds: members, groupId: group?.id ?? null, channelThreadId: group?.channelThreadId ?? null }, {
      stage: 'claim',
      step: 0,
      dueAt,
      deliveryKey: `champion:${escalation.id}:handover`,
    });
  }
}

function offerMessage(lang: Lang, facts: { department: string; minutes: number; question: string; askedBy: string; escalationId: string }): OutgoingMessage {
  const blocks: Block[] = [
    { kind: 'heading', text: t(lang, 'champion.offer.title', { department: facts.department }) },
    { kind: 'text', text: t(lang, 'champion.offer.body', { minutes: facts.minutes }) },
    {
      kind: 'fields',
      fields: [
        { label: t(lang, 'sla.field.question'), value: facts.question },
        { label: t(lang, 'sla.field.askedBy'), value: facts.askedBy || t(lang, 'sla.unnamed') },
      ],
    },
    { kind: 'actions', buttons: [{ id: CLAIM_ACTION, value: facts.escalationId, label: t(lang, 'champion.claim'), style: 'primary' }] },
  ];
  return { lang, text: plainText(blocks, lang), blocks };
}
