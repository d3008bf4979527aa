/**
 * The queue and job registry: every background job has a name, the queue it
 * runs on, and a zod schema for its data. Enqueueing validates against the
 * schema before anything reaches Redis, and the worker validates again.
 *
 * Job data holds ids only. Message bodies, names and tokens stay in
 * PostgreSQL: Redis is not encrypted at rest, job data shows up in dashboards
 * and failure reports, and a row can be corrected where a queued payload
 * cannot. The strict objects below reject any extra field, and ids must be
 * printable ASCII without spaces, so free text cannot ride along.
 */
import { z } from 'zod';

export const QUEUE_NAMES = ['outbound', 'escalations', 'surveys', 'digests', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobDefinition<Q extends QueueName = QueueName, S extends z.ZodType = z.ZodType> {
  queue: Q;
  schema: S;
  /** What the job does, for readers and for log lines. */
  description: string;
}

const opaqueId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be an opaque id (printable ASCII, no spaces)');

/** A survey run: a survey sent on a schedule runs once per runKey (e.g. "2025-W07"). */
const surveyRun = z.strictObject({ surveyId: opaqueId, runKey: opaqueId });
/** A batch of one run's invites (ids only: never who they are). */
const inviteBatch = z.strictObject({ inviteIds: z.array(opaqueId).min(1).max(500) });

function defineJob<Q extends QueueName, S extends z.ZodType>(queue: Q, description: string, schema: S): JobDefinition<Q, S> {
  return { queue, schema, description };
}

export const JOBS = {
  'outbound.deliver': defineJob(
    'outbound',
    'Deliver one proactive message; its target and content are the outbound row under deliveryKey, which is unique so a retry never posts twice. rateKey (platform and workspace/tenant id, no person) lets a send step aside for its rate slot before reading the row.',
    z.strictObject({ deliveryKey: opaqueId, rateKey: z.string().regex(/^(slack|teams):[A-Za-z0-9._-]{1,100}$/).optional() }),
  ),
  'escalations.sla-step': defineJob(
    'escalations',
    'Run one SLA step (remind, re-route, alert) of an escalation; a stale version means the escalation moved on and the step is skipped.',
    z.strictObject({ escalationId: opaqueId, version: z.int().nonnegative(), step: z.int().nonnegative() }),
  ),
  'escalations.champion-handover': defineJob(
    'escalations',
    "Champion-first: hand an escalation nobody claimed in the champions' window to the engineers; a stale version means someone claimed it.",
    z.strictObject({ escalationId: opaqueId, version: z.int().nonnegative() }),
  ),
  'surveys.fan-out': defineJob('surveys', 'Select the audience of a survey run and create one invite per person.', surveyRun),
  'surveys.send-invite': defineJob('surveys', 'Send one survey invite (one the fatigue guard held back, when its time comes).', z.strictObject({ inviteId: opaqueId })),
  'surveys.send-invites': defineJob('surveys', 'Send a batch of one run\'s survey invites (the fan-out queues them).', inviteBatch),
  'surveys.remind': defineJob('surveys', 'Queue the reminders of a survey run, in batches, for the people who have not answered yet.', surveyRun),
  'surveys.send-reminders': defineJob('surveys', "Remind a batch of one run's invited people who have not answered (the remind job queues them).", inviteBatch),
  'surveys.close': defineJob('surveys', 'Close a survey run and compute its results.', surveyRun),
  'digests.fan-out': defineJob(
    'digests',
    "Send the weekly digests of one tenant's managers in one time zone (all when none is given), built from one metrics computation; each digest's delivery key makes a re-run skip those already recorded.",
    z.strictObject({ tenantId: opaqueId, timeZone: opaqueId.optional() }),
  ),
  'digests.weekly': defineJob(
    'digests',
    "Build and send one manager's weekly digest for the week starting weekStart (ISO date).",
    z.strictObject({ tenantId: opaqueId, managerId: opaqueId, weekStart: z.iso.date() }),
  ),
  'champions.monthly': defineJob(
    'digests',
    'Announce each department\'s champion of the month where it is due (or for one tenant and month, e.g. 2026-11).',
    z.strictObject({ tenantId: opaqueId.optional(), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2026-11').optional() }),
  ),
  'digests.sync-schedules': defineJob(
    'digests',
    "Create one Monday 09:00 digest schedule per tenant and time zone of its digest recipients, and remove schedules no recipient needs any more.",
    z.strictObject({}),
  ),
  'maintenance.directory-sync': defineJob(
    'maintenance',
    "Match roster people to their chat accounts through the platform's member directory (one tenant, or every tenant when none is given).",
    z.strictObject({ tenantId: opaqueId.optional() }),
  ),
  'maintenance.prune-processed-events': defineJob(
    'maintenance',
    'Delete processed-event ids (redelivery dedupe) older than the given age.',
    z.strictObject({ olderThanHours: z.int().positive().max(24 * 366) }),
  ),
} as const satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOBS;
/** What a caller passes to enqueue. */
export type JobInput<N extends JobName> = z.input<(typeof JOBS)[N]['schema']>;
/** What a processor receives, after validation. */
export type JobData<N extends JobName> = z.output<(typeof JOBS)[N]['schema']>;
export type QueueOf<N extends JobName> = (typeof JOBS)[N]['queue'];

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

export function jobNamesOfQueue(queue: QueueName): JobName[] {
  return JOB_NAMES.filter((name) => JOBS[name].queue === queue);
}

export type ParsedJobData<N extends JobName> = { ok: true; data: JobData<N> } | { ok: false; problems: string[] };

/**
 * Validate job data. Problems name the field and the rule, never the value,
 * so they are safe to log and to keep as a job's failure reason.
 */
export function parseJobData<N extends JobName>(name: N, data: unknown): ParsedJobData<N> {
  const result = JOBS[name].schema.safeParse(data);
  if (result.success) return { ok: true, data: result.data as JobData<N> };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(data)'}: ${issue.message}`),
  };
}
