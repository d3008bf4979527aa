/**
 * Sending the weekly digests, on schedule and on demand.
 *
 * Schedules: one BullMQ job scheduler per tenant and time zone of its digest
 * recipients, Monday 09:00 in that zone (`digests-<tenant>-<zone>`); the
 * digests.sync-schedules job (every 6 hours) adds zones that appear and
 * removes those no recipient has any more.
 *
 * Exactly once: each digest is recorded under the delivery key
 * `digest:<tenant>:<recipient>:<weekStart>`, unique in the database. A second
 * run of the same week (a retry after a crash halfway, a duplicate schedule
 * firing, a manual re-send) finds the keys already there and records nothing
 * new; recipients whose key is missing are the ones it still owes.
 */
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Jobs } from '../jobs/system.js';
import type { OutboundDelivery } from '../delivery/outbound.js';
import { isValidTimeZone } from '../time/zones.js';
import { buildDigests, digestRecipients, type DigestRecipient } from './digest-data.js';
import { digestMessage } from './digest-message.js';
import type { DigestChartLinks } from './digest-chart-route.js';
import type { WeeklyChampions } from './champion-source.js';
import { lastFullWeekStart, parseWeekStart } from './weeks.js';

export const DIGEST_CRON = '0 9 * * 1';
const SYNC_EVERY_MS = 6 * 3_600_000;
const SCHEDULE_PREFIX = 'digests-';

export interface DigestDeps {
  db: Db;
  outbound: Pick<OutboundDelivery, 'deliverToUser'>;
  chartLinks?: DigestChartLinks;
  champions?: WeeklyChampions;
  now?: () => Date;
  log: Logger;
}

export interface DigestRunSummary {
  weekStart: string;
  recipients: number;
  /** Recorded now (queued or sent). */
  delivered: number;
  /** Already recorded by an earlier run: not sent again. */
  alreadyDelivered: number;
  /** No chat account the bot can write to yet (retried on the next run). */
  unreachable: number;
}

export function digestDeliveryKey(tenantId: string, recipientId: string, weekStart: string): string {
  return `digest:${tenantId}:${recipientId}:${weekStart}`;
}

export interface SendOptions {
  /** Default: the last full week in the tenant's time zone. */
  weekStart?: string;
  /** Only recipients in this time zone (the scheduled run of that zone). */
  timeZone?: string;
  /** Only this recipient (digests.weekly, a manual re-send). */
  recipientId?: string;
}

export async function sendDigests(deps: DigestDeps, tenantId: string, options: SendOptions = {}): Promise<DigestRunSummary> {
  const { db } = deps;
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } });
  const weekStart = options.weekStart ?? lastFullWeekStart(deps.now?.() ?? new Date(), tenant.timezone);
  parseWeekStart(weekStart);
  const everyone = await digestRecipients(db, tenantId);
  const chosen = everyone.filter(
    (r) => (options.timeZone === undefined || zoneOf(r, tenant.timezone) === options.timeZone) && (options.recipientId === undefined || r.id === options.recipientId),
  );
  const keys = chosen.map((r) => digestDeliveryKey(tenantId, r.id, weekStart));
  const done = new Set(
    (await db.outboundDelivery.findMany({ where: { tenantId, deliveryKey: { in: keys } }, select: { deliveryKey: true } })).map((d) => d.deliveryKey),
  );
  const owed = chosen.filter((r) => !done.has(digestDeliveryKey(tenantId, r.id, weekStart)));
  const summary: DigestRunSummary = { weekStart, recipients: chosen.length, delivered: 0, alreadyDelivered: done.size, unreachable: 0 };
  if (owed.length === 0) return summary;
  const digests = await buildDigests(db, tenantId, weekStart, { recipients: owed, ...(deps.champions ? { champions: deps.champions } : {}) });
  for (const digest of digests) {
    const chartUrl = deps.chartLinks?.url(tenantId, digest.recipient.id, weekStart);
    const outcome = await deps.outbound.deliverToUser({
      tenantId,
      userId: digest.recipient.id,
      deliveryKey: digestDeliveryKey(tenantId, digest.recipient.id, weekStart),
      kind: 'digest',
      message: digestMessage(digest, chartUrl),
    });
    if (outcome === 'duplicate') summary.alreadyDelivered += 1;
    else if (outcome === 'unreachable') summary.unreachable += 1;
    else summary.delivered += 1;
  }
  deps.log.info({ tenantId, ...summary, timeZone: options.timeZone }, 'weekly digests recorded');
  return summary;
}

/** A recipient's zone for scheduling; an unknown zone falls back to the tenant's. */
function zoneOf(recipient: DigestRecipient, tenantZone: string): string {
  return isValidTimeZone(recipient.timezone) ? recipient.timezone : tenantZone;
}

export function digestScheduleId(tenantId: string, timeZone: string): string {
  return `${SCHEDULE_PREFIX}${tenantId}-${timeZone.replace(/[^A-Za-z0-9_-]/g, '.')}`;
}

/** One Monday 09:00 scheduler per tenant and recipient time zone; stale ones removed. Returns the schedule ids. */
export async function syncDigestSchedules(db: Db, jobs: Jobs): Promise<string[]> {
  if (!jobs.available) return [];
  const wanted = new Map<string, { tenantId: string; timeZone: string }>();
  for (const tenant of await db.tenant.findMany({ select: { id: true, timezone: true } })) {
    for (const recipient of await digestRecipients(db, tenant.id)) {
      const timeZone = zoneOf(recipient, tenant.timezone);
      wanted.set(digestScheduleId(tenant.id, timeZone), { tenantId: tenant.id, timeZone });
    }
  }
  for (const [id, { tenantId, timeZone }] of wanted) {
    await jobs.upsertSchedule(id, 'digests.fan-out', { tenantId, timeZone }, { pattern: DIGEST_CRON, tz: timeZone });
  }
  const existing = await jobs.queue('digests').getJobSchedulers(0, -1);
  for (const scheduler of existing) {
    const id = scheduler.key;
    if (id.startsWith(SCHEDULE_PREFIX) && !wanted.has(id)) await jobs.removeSchedule(id, 'digests.fan-out');
  }
  return [...wanted.keys()].sort();
}

export function registerDigestJobs(jobs: Jobs, deps: DigestDeps): void {
  jobs.registerProcessor('digests.fan-out', async ({ tenantId, timeZone }) => {
    await sendDigests(deps, tenantId, timeZone ? { timeZone } : {});
  });
  jobs.registerProcessor('digests.weekly', async ({ tenantId, managerId, weekStart }) => {
    await sendDigests(deps, tenantId, { recipientId: managerId, weekStart });
  });
  jobs.registerProcessor('digests.sync-schedules', async () => {
    await syncDigestSchedules(deps.db, jobs);
  });
}

/** The schedule every process upserts at start-up (same id: no duplicates). */
export async function scheduleDigestSync(jobs: Jobs): Promise<void> {
  if (!jobs.available) return;
  await jobs.upsertSchedule('digest-schedule-sync', 'digests.sync-schedules', {}, { every: SYNC_EVERY_MS });
}
