/**
 * Tenants: one per Slack workspace (or Grid org), Teams tenant, or the local
 * channel. Looked up on every message, so the row is cached per process;
 * the cache only holds ids and defaults that never change under a running bot.
 */
import type { Db } from '../db/client.js';
import type { Platform } from '../bot/core/types.js';

export interface TenantRef {
  id: string;
  platform: Platform;
  externalId: string;
  defaultLocale: string;
  timezone: string;
}

export class TenantDirectory {
  private readonly cache = new Map<string, TenantRef>();

  constructor(private readonly db: Db) {}

  /** The tenant for a platform workspace, created on first contact. */
  async ensure(platform: Platform, externalId: string, defaults: { name?: string; defaultLocale?: string } = {}): Promise<TenantRef> {
    const cacheKey = `${platform}:${externalId}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const row = await this.db.tenant.upsert({
      where: { platform_externalId: { platform, externalId } },
      create: { platform, externalId, name: defaults.name ?? '', defaultLocale: defaults.defaultLocale ?? 'en' },
      update: {},
      select: { id: true, platform: true, externalId: true, defaultLocale: true, timezone: true },
    });
    const ref: TenantRef = { ...row, platform: row.platform as Platform };
    this.cache.set(cacheKey, ref);
    return ref;
  }
}
