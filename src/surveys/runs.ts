/**
 * What the survey jobs do. Every step is safe to run twice: invites are
 * unique per run and person, each send goes through the outbound path under
 * the delivery key `survey:<runId>:<userId>`, and follow-up jobs have ids
 * derived from what they are for. So a fan-out that crashed half way simply
 * runs again and sends only what is missing.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Jobs } from '../jobs/system.js';
import type { OutboundDelivery } from '../delivery/outbound.js';
import type { Prisma } from '../generated/prisma/client.js';
import { ROSTER_PLATFORM_USER_PREFIX } from '../directory/placeholders.js';
import { surveyResults, type SurveyResults } from './results.js';
import { closesAtFor, RECURRING_RUN_KEY, recurringRunKey } from './schedule.js';
import { storedDefinition } from './service.js';
import { resultsMessage } from './summary.js';
import { SurveyInvites, langOf, scheduleTz, type InviteOutcome } from './invites.js';
import { SurveyReminders, type ReminderOutcome } from './reminders.js';
import { InviteContexts } from './invite-context.js';
import type { SurveyDefinition } from './definition-schema.js';

/**
 * Invites per send-invites or send-reminders job: each batch is a handful of
 * statements (see invites.ts, reminders.ts) however many invites it holds.
 */
const INVITES_PER_JOB = 100;

export interface SurveyRunsDeps {
  db: Db;
  jobs: Jobs;
  outbound: OutboundDelivery;
  /** Keys anonymous respondents (see answers.ts). */
  secret: string;
  log: Logger;
  now?: () => Date;
}

type RunWithSurvey = Prisma.SurveyRunGetPayload<{ include: { survey: true } }>;

export class SurveyRuns {
  private readonly now: () => Date;
  private readonly invites: SurveyInvites;
  private readonly reminders: SurveyReminders;

  constructor(private readonly deps: SurveyRunsDeps) {
    this.now = deps.now ?? (() => new Date());
    // One reader for both, so each survey's definition is parsed once.
    const contexts = new InviteContexts(deps.db);
    this.invites = new SurveyInvites(deps, contexts, this.now);
    this.reminders = new SurveyReminders(deps, contexts, this.now);
  }

  /** Open a run: pick its audience, create one invite each, queue them in batches (send-invites jobs), plan reminder and close. */
  async fanOut(surveyId: string, runKeyIn: string, jobId: string): Promise<{ invited: number; queued: number } | 'skipped'> {
    const { db } = this.deps;
    const surveyRow = await db.survey.findUnique({ where: { id: surveyId } });
    if (!surveyRow) return 'skipped';
    const survey = storedDefinition(surveyRow.definition);
    let run: RunWithSurvey | null;
    if (runKeyIn === RECURRING_RUN_KEY) {
      if (survey.schedule.type !== 'recurring') return 'skipped';
      // A scheduler's job id ends in the time it fired for; that names the run.
      const firedAt = new Date(Number(/:(\d+)$/.exec(jobId)?.[1] ?? this.now().getTime()));
      const runKey = recurringRunKey(firedAt, survey.schedule.tz);
      run = await db.surveyRun.upsert({
        where: { surveyId_occurrenceKey: { surveyId, occurrenceKey: runKey } },
        create: { tenantId: surveyRow.tenantId, surveyId, occurrenceKey: runKey, opensAt: firedAt, closesAt: closesAtFor(firedAt, survey.closesAfterDays, survey.schedule.tz) },
        update: {},
        include: { survey: true },
      });
    } else {
      run = await db.surveyRun.findUnique({ where: { surveyId_occurrenceKey: { surveyId, occurrenceKey: runKeyIn } }, include: { survey: true } });
      // Gone (unscheduled) or moved later by a re-applied file: this job is stale.
      if (!run || (run.status === 'scheduled' && run.opensAt.getTime() > this.now().getTime() + 60_000)) return 'skipped';
    }
    if (run.status === 'closed') return 'skipped';
    if (run.status === 'scheduled') await db.surveyRun.updateMany({ where: { id: run.id, status: 'scheduled' }, data: { status: 'open' } });

    const audience = await db.user.findMany({ where: audienceFilter(run.tenantId, survey, run.waveId), select: { id: true } });
    for (let i = 0; i < audience.length; i += 1000) {
      await db.surveyInvite.createMany({
        data: audience.slice(i, i + 1000).map((u) => ({ runId: run.id, tenantId: run.tenantId, userId: u.id })),
        skipDuplicates: true,
      });
    }
    const unsent = await db.surveyInvite.findMany({ where: { runId: run.id, sentAt: null }, select: { id: true }, orderBy: { id: 'asc' } });
    await this.enqueueBatches('surveys.send-invites', 'invites', unsent.map((invite) => invite.id));
    const data = { surveyId, runKey: run.occurrenceKey };
    const now = this.now().getTime();
    if (survey.reminderAfterHours !== undefined) {
      const at = run.opensAt.getTime() + survey.reminderAfterHours * 3_600_000;
      await this.deps.jobs.enqueue('surveys.remind', data, { jobId: `remind.${run.id}`, delay: Math.max(0, at - now) });
    }
    await this.deps.jobs.enqueue('surveys.close', data, { jobId: `close.${run.id}`, delay: Math.max(0, run.closesAt.getTime() - now) });
    return { invited: audience.length, queued: unsent.length };
  }

  /** Send one invite (see SurveyInvites.send). */
  async sendInvite(inviteId: string): Promise<InviteOutcome> {
    return (await this.invites.send([inviteId])).get(inviteId) ?? 'skipped';
  }

  /** Send a batch of invites (see SurveyInvites.send). */
  sendInvites(inviteIds: readonly string[]): Promise<Map<string, InviteOutcome>> {
    return this.invites.send(inviteIds);
  }

  /**
   * One reminder to each invited person who has not answered: queues
   * send-reminders jobs of INVITES_PER_JOB invites (see reminders.ts), named
   * by their invites so a re-run queues nothing new. Returns how many
   * invites were queued; each batch re-checks them when it runs.
   */
  async remind(surveyId: string, runKey: string): Promise<number> {
    const { db } = this.deps;
    const run = await db.surveyRun.findUnique({ where: { surveyId_occurrenceKey: { surveyId, occurrenceKey: runKey } }, include: { survey: true } });
    if (!run || run.status !== 'open') return 0;
    const due = await db.surveyInvite.findMany({
      where: { runId: run.id, sentAt: { not: null }, remindedAt: null, ...(run.survey.anonymous ? {} : { respondedAt: null }) },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    await this.enqueueBatches('surveys.send-reminders', 'reminders', due.map((invite) => invite.id));
    return due.length;
  }

  /** Send a batch of reminders (see SurveyReminders.send). */
  sendReminders(inviteIds: readonly string[]): Promise<Map<string, ReminderOutcome>> {
    return this.reminders.send(inviteIds);
  }

  /**
   * Queue `ids` as jobs of INVITES_PER_JOB invites each. A batch's job id
   * is named by its invites: a re-run that finds the same ones still to do
   * queues nothing new while the batch waits.
   */
  private async enqueueBatches(name: 'surveys.send-invites' | 'surveys.send-reminders', prefix: string, ids: readonly string[]): Promise<void> {
    const batches = [];
    for (let i = 0; i < ids.length; i += INVITES_PER_JOB) {
      const inviteIds = ids.slice(i, i + INVITES_PER_JOB);
      batches.push({ data: { inviteIds }, opts: { jobId: `${prefix}.${createHash('sha256').update(inviteIds.join(',')).digest('hex').slice(0, 40)}` } });
    }
    for (let i = 0; i < batches.length; i += 50) await this.deps.jobs.enqueueMany(name, batches.slice(i, i + 50));
  }

  /** Close a run, compute its results and send them to the survey's owner. */
  async close(surveyId: string, runKey: string): Promise<SurveyResults | undefined> {
    const { db } = this.deps;
    const run = await db.surveyRun.findUnique({ where: { surveyId_occurrenceKey: { surveyId, occurrenceKey: runKey } }, include: { survey: true } });
    if (!run || run.status === 'scheduled') return undefined;
    await db.surveyRun.updateMany({ where: { id: run.id, status: 'open' }, data: { status: 'closed' } });
    const survey = storedDefinition(run.survey.definition);
    // Answers can no longer change: the keys that found them again are no longer needed.
    if (run.survey.anonymous) await db.surveyResponse.updateMany({ where: { runId: run.id }, data: { respondentKey: null } });
    const results = await this.results(run.id, survey);
    if (run.survey.ownerId) {
      const owner = await db.user.findFirst({ where: { id: run.survey.ownerId, tenantId: run.tenantId }, include: { tenant: { select: { defaultLocale: true } } } });
      if (owner) {
        const message = resultsMessage({ survey, runKey: run.occurrenceKey, closesAt: run.closesAt, tz: scheduleTz(survey), results, lang: langOf(owner) });
        await this.deps.outbound.deliverToUser({ tenantId: run.tenantId, deliveryKey: `survey-results:${run.id}`, kind: 'survey_results', userId: owner.id, message });
      }
    }
    this.deps.log.info({ surveyId, runId: run.id, invited: results.invited, responded: results.responded }, 'survey run closed');
    return results;
  }

  results(runId: string, survey: SurveyDefinition): Promise<SurveyResults> {
    return runResults(this.deps.db, runId, survey);
  }
}

/** The results of one run from its invites and responses (also used by the CLI). */
export async function runResults(db: Db, runId: string, survey: SurveyDefinition): Promise<SurveyResults> {
  const invited = await db.surveyInvite.count({ where: { runId, sentAt: { not: null } } });
  const rows = await db.surveyResponse.findMany({ where: { runId }, select: { answers: true, department: true, wave: true } });
  return surveyResults({ survey, invited, responses: rows.map((r) => ({ answers: r.answers as Record<string, unknown>, department: r.department, wave: r.wave })) });
}

function audienceFilter(tenantId: string, survey: SurveyDefinition, waveId: string | null): Prisma.UserWhereInput {
  const t = survey.targeting;
  return {
    tenantId,
    surveyOptOut: false,
    // Roster-only people have no chat account to write to yet.
    NOT: { platformUserId: { startsWith: ROSTER_PLATFORM_USER_PREFIX } },
    ...(t.type === 'departments' ? { department: { name: { in: t.departments } } } : {}),
    ...(t.type === 'roles' ? { role: { in: t.roles } } : {}),
    ...(t.type === 'waves' ? { wave: { name: { in: t.waves } } } : {}),
    // A D+N run belongs to one wave: only its people.
    ...(waveId ? { waveId } : {}),
  };
}
