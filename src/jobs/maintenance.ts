/**
 * Housekeeping jobs: forget redelivery-guard keys once platforms have long
 * stopped retrying (Slack retries within minutes), so the table stays small.
 */
import type { Db } from '../db/client.js';
import { EventDeduplicator } from '../bot/core/dedupe.js';
import type { Jobs } from './system.js';

/** Keys older than this are pruned; a day is far beyond any platform's retry window. */
const PROCESSED_EVENT_TTL_HOURS = 24;

export async function registerMaintenanceJobs(jobs: Jobs, db: Db): Promise<void> {
  const dedupe = new EventDeduplicator(db);
  jobs.registerProcessor('maintenance.prune-processed-events', async ({ olderThanHours }, ctx) => {
    const removed = await dedupe.prune(olderThanHours * 3_600_000);
    ctx.log.info({ removed }, 'pruned processed-event keys');
  });
  await jobs.upsertSchedule('prune-processed-events', 'maintenance.prune-processed-events', { olderThanHours: PROCESSED_EVENT_TTL_HOURS }, { every: 3_600_000 });
}
