/**
 * Users as the bot knows them: one row per platform identity in a tenant,
 * created on first contact and touched (last seen, platform locale) as they
 * write. Roles, departments and waves come from the roster (adoption) and
 * are never guessed here.
 */
import type { Db } from '../db/client.js';
import { MicroBatcher } from '../db/batcher.js';
import { linkChatAccountByEmail } from './identity.js';
import type { Platform } from '../bot/core/types.js';
import type { Lang, Role } from '../knowledge/types.js';

export interface UserRef {
  id: string;
  tenantId: string;
  platformUserId: string;
  displayName: string;
  role: Role;
  /** The language the user chose with `lang …`; null follows each message. */
  locale: Lang | null;
  platformLocale: string | null;
}

export interface ProfileUpdate {
  displayName?: string;
  email?: string | null;
  timezone?: string | null;
  platformLocale?: string | null;
  /** What the platform needs to reach the user later (Slack: the DM channel id). */
  conversationRef?: unknown;
}

const LAST_SEEN_RESOLUTION_MS = 5 * 60_000;

const select = {
  id: true,
  tenantId: true,
  platformUserId: true,
  displayName: true,
  role: true,
  locale: true,
  platformLocale: true,
} as const;

interface IdentityKey {
  tenantId: string;
  platform: Platform;
  platformUserId: string;
}

type UserRow = Omit<UserRef, 'locale' | 'role'> & { locale: string | null; role: string; lastSeenAt: Date | null };

export class UserDirectory {
  // Every message looks its author up: under load, the lookups of one loop turn share a SELECT.
  private readonly lookups = new MicroBatcher<IdentityKey, UserRow | undefined>((keys) => this.findMany(keys));

  constructor(private readonly db: Db) {}

  /**
   * Find or create the user. This runs for every message, so it is one read
   * in the common case: last-seen is written at most every few minutes, and
   * name or platform locale only when the platform reports a change.
   */
  async ensure(
    tenantId: string,
    platform: Platform,
    platformUserId: string,
    seen: { displayName?: string; platformLocale?: string } = {},
  ): Promise<UserRef> {
    const where = { tenantId_platform_platformUserId: { tenantId, platform, platformUserId } };
    const now = new Date();
    const existing = await this.lookups.add({ tenantId, platform, platformUserId });
    if (existing) {
      const changes: { displayName?: string; platformLocale?: string } = {};
      if (seen.displayName && seen.displayName !== existing.displayName) changes.displayName = seen.displayName;
      if (seen.platformLocale && seen.platformLocale !== existing.platformLocale) changes.platformLocale = seen.platformLocale;
      const stale = !existing.lastSeenAt || now.getTime() - existing.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS;
      if (stale || Object.keys(changes).length > 0) {
        await this.db.user.update({ where: { id: existing.id }, data: { ...changes, lastSeenAt: now } });
      }
      return toRef({ ...existing, ...changes });
    }
    // First contact; upsert so two replicas meeting the same new user at once both succeed.
    const row = await this.db.user.upsert({
      where,
      create: {
        tenantId,
        platform,
        platformUserId,
        displayName: seen.displayName ?? '',
        platformLocale: seen.platformLocale ?? null,
        lastSeenAt: now,
      },
      update: { lastSeenAt: now },
      select,
    });
    return toRef(row);
  }

  private async findMany(keys: readonly IdentityKey[]): Promise<(UserRow | undefined)[]> {
    const rows = await this.db.$queryRaw<(UserRow & { platform: string })[]>`/* prepared */
      SELECT u."id", u."tenantId", u."platform"::text AS "platform", u."platformUserId", u."displayName", u."role"::text AS "role",
             u."locale", u."platformLocale", u."lastSeenAt"
      FROM "User" u
      JOIN unnest(${keys.map((k) => k.tenantId)}::text[], ${keys.map((k) => k.platform)}::text[], ${keys.map((k) => k.platformUserId)}::text[])
        AS k("tenantId", "platform", "platformUserId")
        ON u."tenantId" = k."tenantId" AND u."platform" = k."platform"::"Platform" AND u."platformUserId" = k."platformUserId"`;
    const byKey = new Map(rows.map(({ platform, ...row }) => [identity(row.tenantId, platform, row.platformUserId), row]));
    return keys.map((k) => byKey.get(identity(k.tenantId, k.platform, k.platformUserId)));
  }

  /** The stored id of a platform identity, if that person ever wrote (no row is created). */
  async idOf(tenantId: string, platform: Platform, platformUserId: string): Promise<string | undefined> {
    const row = await this.db.user.findUnique({
      where: { tenantId_platform_platformUserId: { tenantId, platform, platformUserId } },
      select: { id: true },
    });
    return row?.id;
  }

  async setLocale(tenantId: string, userId: string, locale: Lang | null): Promise<void> {
    await this.db.user.updateMany({ where: { id: userId, tenantId }, data: { locale } });
  }

  /** Remember how to reach the user later (a Teams ConversationReference, a Slack DM channel id). */
  async setConversationRef(tenantId: string, userId: string, ref: object): Promise<void> {
    await this.db.user.updateMany({ where: { id: userId, tenantId }, data: { conversationRef: ref } });
  }

  /**
   * Store what the platform's directory says about the user (Slack users.info,
   * Teams member lookup, the DM channel to reach them). A newly known email
   * links the account to the person the roster lists under it.
   */
  async updateProfile(tenantId: string, userId: string, profile: ProfileUpdate): Promise<void> {
    const data: Record<string, unknown> = {};
    if (profile.displayName) data.displayName = profile.displayName;
    if (profile.email === null) data.email = null;
    if (profile.timezone !== undefined) data.timezone = profile.timezone;
    if (profile.platformLocale !== undefined) data.platformLocale = profile.platformLocale;
    if (profile.conversationRef !== undefined) data.conversationRef = profile.conversationRef as object;
    if (Object.keys(data).length > 0) await this.db.user.updateMany({ where: { id: userId, tenantId }, data });
    if (profile.email) await linkChatAccountByEmail(this.db, tenantId, userId, profile.email);
  }
}

function identity(tenantId: string, platform: string, platformUserId: string): string {
  return `${tenantId}\u0000${platform}\u0000${platformUserId}`;
}

function toRef(row: { locale: string | null; role: string } & Omit<UserRef, 'locale' | 'role'>): UserRef {
  const locale = row.locale === 'en' || row.locale === 'zh-CN' ? row.locale : null;
  return { ...row, role: row.role as Role, locale };
}
