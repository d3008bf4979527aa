/**
 * Who a Slack user is (name, locale, time zone, email), from users.info on
 * first contact and again when what we have is older than a day. Kept in the
 * user directory; never conversations.history. One lookup at a time per user.
 */
import type { Logger } from '../../log.js';
import type { TenantDirectory } from '../../directory/tenants.js';
import type { UserDirectory } from '../../directory/users.js';
import type { SlackApi } from './web-api.js';

export interface SlackProfile {
  name?: string;
  locale?: string;
  timezone?: string;
  email?: string;
}

interface CacheEntry {
  profile: SlackProfile | undefined;
  fetchedAt: number;
}

const DAY_MS = 24 * 60 * 60_000;
/** After a failed lookup, wait this long before asking Slack again. */
const FAILURE_BACKOFF_MS = 5 * 60_000;
const MAX_ENTRIES = 50_000;

export class SlackProfiles {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<SlackProfile | undefined>>();

  constructor(
    private readonly deps: { api: SlackApi; tenants: TenantDirectory; users: UserDirectory; log: Logger; now: () => number; maxAgeMs?: number },
  ) {}

  async get(tenantKey: string, slackUserId: string, token: string): Promise<SlackProfile | undefined> {
    const key = `${tenantKey}:${slackUserId}`;
    const hit = this.cache.get(key);
    if (hit && this.deps.now() - hit.fetchedAt < (hit.profile ? (this.deps.maxAgeMs ?? DAY_MS) : FAILURE_BACKOFF_MS)) return hit.profile;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.refresh(key, tenantKey, slackUserId, token, hit?.profile).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async refresh(key: string, tenantKey: string, slackUserId: string, token: string, stale: SlackProfile | undefined) {
    let profile: SlackProfile | undefined;
    try {
      const res = await this.deps.api.call(token, 'users.info', { user: slackUserId, include_locale: true });
      profile = toProfile(res.user);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, user: slackUserId }, 'users.info failed; answering without the profile');
      this.remember(key, stale, stale ? this.deps.now() - (this.deps.maxAgeMs ?? DAY_MS) + FAILURE_BACKOFF_MS : this.deps.now());
      return stale;
    }
    const tenant = await this.deps.tenants.ensure('slack', tenantKey);
    const user = await this.deps.users.ensure(tenant.id, 'slack', slackUserId, { displayName: profile.name, platformLocale: profile.locale });
    // No email (the scope is missing, or a guest): keep the one the roster gave.
    await this.deps.users.updateProfile(tenant.id, user.id, { ...(profile.email ? { email: profile.email } : {}), timezone: profile.timezone ?? null });
    this.remember(key, profile, this.deps.now());
    return profile;
  }

  private remember(key: string, profile: SlackProfile | undefined, fetchedAt: number): void {
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { profile, fetchedAt });
  }
}

function toProfile(user: unknown): SlackProfile {
  const u = (user ?? {}) as { name?: string; real_name?: string; locale?: string; tz?: string; profile?: { display_name?: string; real_name?: string; email?: string } };
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  return {
    name: text(u.profile?.display_name) ?? text(u.profile?.real_name) ?? text(u.real_name) ?? text(u.name),
    locale: text(u.locale),
    timezone: text(u.tz),
    email: text(u.profile?.email),
  };
}
