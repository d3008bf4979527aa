/**
 * Surveys in storage and on the clock: apply a definition file (all or
 * nothing), plan its runs as BullMQ jobs with stable ids, and take them off
 * again. Recurring surveys are one job scheduler per survey
 * (upsertJobScheduler, id `survey-<id>`); a `once` or D+N occurrence is one
 * delayed fan-out job whose id is derived from the survey and run key, so
 * re-applying a file, restarting or scaling out never adds a second one.
 * A re-applied file takes effect at once: stale delayed jobs are removed and
 * the new times planned; the fan-out also re-checks the plan when it fires.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Jobs } from '../jobs/system.js';
import { HypercareError } from '../bot/core/errors.js';
import { parseSurveyDefinition, type DefinitionProblem, type SurveyDefinition } from './definition.js';
import { jobSchedulerSpec, surveySchedulerId, upcomingOccurrences, type PlannedOccurrence } from './schedule.js';
import { surveyDefinitionSchema } from './definition-schema.js';

export type ApplyResult =
  | { ok: true; surveyId: string; key: string; created: boolean; plan: SchedulePlan }
  | { ok: false; problems: DefinitionProblem[] };

export interface SchedulePlan {
  /** The recurring survey's job scheduler, or null. */
  schedulerId: string | null;
  /** One-off occurrences queued (once, D+N). */
  occurrences: PlannedOccurrence[];
}

export interface SurveyServiceOptions {
  /** The clock; tests move it. */
  now?: () => Date;
}

export function fanOutJobId(surveyId: string, runKey: string): string {
  return `fanout.${surveyId}.${createHash('sha256').update(runKey).digest('hex').slice(0, 16)}`;
}

export function storedDefinition(json: unknown): SurveyDefinition {
  const parsed = surveyDefinitionSchema.safeParse(json);
  if (!parsed.success) throw new HypercareError('internal', 'a stored survey definition no longer validates; apply its file again');
  return parsed.data;
}

export class SurveyService {
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    private readonly jobs: Jobs,
    private readonly log: Logger,
    options: SurveyServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Create or update the survey a file defines (matched by its key) and plan
   * its runs. A file with any problem, or naming a department or wave the
   * tenant does not have, changes nothing.
   */
  async apply(tenantId: string, text: string, fileName: string, owner?: { userId: string }): Promise<ApplyResult> {
    const parsed = parseSurveyDefinition(text, fileName);
    if (!parsed.ok) return parsed;
    const survey = parsed.survey;
    const problems = await this.targetingProblems(tenantId, survey);
    if (problems.length > 0) return { ok: false, problems };
    if (!this.jobs.available) {
      throw new HypercareError('jobs_unavailable', 'surveys need Redis for their schedules; start Redis or set REDIS_URL, then apply the file again');
    }
    const existing = await this.db.survey.findUnique({ where: { tenantId_key: { tenantId, key: survey.key } }, select: { id: true } });
    const data = {
      definition: survey as object,
      anonymous: survey.anonymous,
      targeting: survey.targeting as object,
      schedule: survey.schedule as object,
      priority: survey.priority,
      ...(owner ? { ownerId: owner.userId } : {}),
    };
    const row = await this.db.survey.upsert({
      where: { tenantId_key: { tenantId, key: survey.key } },
      create: { tenantId, key: survey.key, ...data },
      update: data,
      select: { id: true },
    });
    const plan = await this.schedule(tenantId, row.id);
    this.log.info({ surveyId: row.id, key: survey.key, occurrences: plan.occurrences.length, recurring: plan.schedulerId !== null }, 'survey applied');
    return { ok: true, surveyId: row.id, key: survey.key, created: !existing, plan };
  }

  /** (Re)plan a survey's runs from its stored definition and the tenant's waves as they are now. */
  async schedule(tenantId: string, surveyId: string): Promise<SchedulePlan> {
    const row = await this.db.survey.findFirst({ where: { id: surveyId, tenantId } });
    if (!row) throw new HypercareError('not_found', `no survey ${surveyId} in this tenant`);
    const survey = storedDefinition(row.definition);
    const spec = jobSchedulerSpec(row.id, survey.schedule);
    if (spec) {
      await this.jobs.upsertSchedule(spec.schedulerId, 'surveys.fan-out', spec.template.data, spec.repeat);
      await this.dropScheduledRuns(row.id, new Set());
      return { schedulerId: spec.schedulerId, occurrences: [] };
    }
    await this.jobs.removeSchedule(surveySchedulerId(row.id), 'surveys.fan-out');
    const occurrences = await this.plannedOccurrences(tenantId, survey);
    for (const occurrence of occurrences) {
      await this.db.surveyRun.upsert({
        where: { surveyId_occurrenceKey: { surveyId: row.id, occurrenceKey: occurrence.runKey } },
        create: {
          tenantId,
          surveyId: row.id,
          occurrenceKey: occurrence.runKey,
          waveId: occurrence.waveId,
          opensAt: occurrence.opensAt,
          closesAt: occurrence.closesAt,
        },
        // A run that opened keeps its times; only a scheduled one moves.
        update: {},
      });
      await this.db.surveyRun.updateMany({
        where: { surveyId: row.id, occurrenceKey: occurrence.runKey, status: 'scheduled' },
        data: { opensAt: occurrence.opensAt, closesAt: occurrence.closesAt, waveId: occurrence.waveId },
      });
      await this.replaceDelayedJob(fanOutJobId(row.id, occurrence.runKey), () =>
        this.jobs.enqueue('surveys.fan-out', { surveyId: row.id, runKey: occurrence.runKey }, {
          jobId: fanOutJobId(row.id, occurrence.runKey),
          delay: occurrence.delayMs,
        }),
      );
    }
    await this.dropScheduledRuns(row.id, new Set(occurrences.map((o) => o.runKey)));
    return { schedulerId: null, occurrences };
  }

  /** Stop a survey: its scheduler and queued runs go; runs already open finish and close normally. */
  async unschedule(tenantId: string, surveyId: string): Promise<void> {
    const row = await this.db.survey.findFirst({ where: { id: surveyId, tenantId }, select: { id: true } });
    if (!row) throw new HypercareError('not_found', `no survey ${surveyId} in this tenant`);
    await this.jobs.removeSchedule(surveySchedulerId(row.id), 'surveys.fan-out');
    await this.dropScheduledRuns(row.id, new Set());
  }

  /** Occurrences of a once/relative schedule that have not closed yet, soonest first. */
  async plannedOccurrences(tenantId: string, survey: SurveyDefinition): Promise<PlannedOccurrence[]> {
    const waveFilter = survey.targeting.type === 'waves' ? { name: { in: survey.targeting.waves } } : {};
    const waves = survey.schedule.type === 'relative'
      ? await this.db.rolloutWave.findMany({ where: { tenantId, ...waveFilter }, select: { id: true, goLiveAt: true } })
      : [];
    return upcomingOccurrences(survey.schedule, waves, survey.closesAfterDays, this.now());
  }

  /** Runs still waiting to open whose occurrence is no longer planned: their job and row go. */
  private async dropScheduledRuns(surveyId: string, keep: ReadonlySet<string>): Promise<void> {
    const stale = await this.db.surveyRun.findMany({ where: { surveyId, status: 'scheduled' }, select: { id: true, occurrenceKey: true } });
    for (const run of stale.filter((r) => !keep.has(r.occurrenceKey))) {
      const job = await this.jobs.queue('surveys').getJob(fanOutJobId(surveyId, run.occurrenceKey));
      if (job && (await job.isDelayed())) await job.remove();
      await this.db.surveyRun.deleteMany({ where: { id: run.id, status: 'scheduled' } });
    }
  }

  /** A job id holds one job: a delayed one with an old time is removed so the new time counts. */
  private async replaceDelayedJob(jobId: string, add: () => Promise<unknown>): Promise<void> {
    const job = await this.jobs.queue('surveys').getJob(jobId);
    if (job) {
      const state = await job.getState();
      if (state !== 'delayed' && state !== 'waiting') return; // running or done: this occurrence already fired
      await job.remove();
    }
    await add();
  }

  private async targetingProblems(tenantId: string, survey: SurveyDefinition): Promise<DefinitionProblem[]> {
    const targeting = survey.targeting;
    if (targeting.type === 'departments') {
      const known = new Set((await this.db.department.findMany({ where: { tenantId, name: { in: targeting.departments } }, select: { name: true } })).map((d) => d.name));
      return targeting.departments.flatMap((name, i) => (known.has(name) ? [] : [{ path: `targeting.departments[${i}]`, message: `no department named "${name}" in this tenant (import the roster first)` }]));
    }
    if (targeting.type === 'waves') {
      const known = new Set((await this.db.rolloutWave.findMany({ where: { tenantId, name: { in: targeting.waves } }, select: { name: true } })).map((w) => w.name));
      return targeting.waves.flatMap((name, i) => (known.has(name) ? [] : [{ path: `targeting.waves[${i}]`, message: `no rollout wave named "${name}" in this tenant (import the roster first)` }]));
    }
    return [];
  }
}
