/**
 * The directory sync job: every few hours, and once at start-up, each chat
 * platform that has a member directory matches the roster's people to their
 * accounts, so surveys and digests reach people who never wrote to the bot.
 */
import type { Db } from '../db/client.js';
import type { Jobs } from '../jobs/system.js';
import type { PlatformAdapter } from '../bot/core/adapter.js';

const EVERY_MS = 6 * 3_600_000;

export function registerDirectoryJobs(jobs: Jobs, deps: { db: Db; adapters: PlatformAdapter[] }): void {
  jobs.registerProcessor('maintenance.directory-sync', async ({ tenantId }, ctx) => {
    const syncing = deps.adapters.filter((a) => a.syncDirectory);
    if (syncing.length === 0) return;
    const tenants = await deps.db.tenant.findMany({
      where: { platform: { in: syncing.map((a) => a.platform) }, ...(tenantId ? { id: tenantId } : {}) },
      select: { id: true, platform: true, externalId: true },
    });
    for (const tenant of tenants) {
      // One workspace failing (uninstalled, token revoked) must not stop the others.
      try {
        const summary = await syncing.find((a) => a.platform === tenant.platform)!.syncDirectory!(tenant.externalId);
        if (summary.unmatched > 0) ctx.log.info({ tenantId: tenant.id, ...summary }, 'directory synced');
      } catch (err) {
        ctx.log.warn({ tenantId: tenant.id, err: (err as Error).message }, 'directory sync failed for one tenant');
      }
    }
  });
}

/** The schedule every process upserts (same id: no duplicates), plus one run now. */
export async function scheduleDirectorySync(jobs: Jobs): Promise<void> {
  if (!jobs.available) return;
  await jobs.upsertSchedule('directory-sync', 'maintenance.directory-sync', {}, { every: EVERY_MS });
}
