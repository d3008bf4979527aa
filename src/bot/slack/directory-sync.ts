/**
 * Makes roster people reachable before they ever write to the bot: pages
 * through the workspace's members (users.list, Tier 2: about 20 pages a
 * minute, 200 people a page) and gives each roster entry (`roster:<email>`)
 * the Slack id of the member with that email, so surveys and digests can
 * open a DM with them. A person who already chats under their own id is
 * linked instead (src/directory/identity.ts). Nothing is fetched when the
 * tenant has no unmatched roster entries.
 */
import type { Db } from '../../db/client.js';
import type { Logger } from '../../log.js';
import type { TenantDirectory } from '../../directory/tenants.js';
import type { UserDirectory } from '../../directory/users.js';
import { ROSTER_PLATFORM_USER_PREFIX } from '../../directory/placeholders.js';
import { linkChatAccountByEmail } from '../../directory/identity.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { SlackCredentials } from './installations.js';
import type { SlackApi } from './web-api.js';

export interface DirectorySyncSummary {
  /** Roster entries without a chat account before the sync. */
  unmatched: number;
  /** Of those, now matched to a Slack member. */
  matched: number;
  /** Workspace members read. */
  scanned: number;
}

interface SlackMember {
  id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  tz?: string;
  locale?: string;
  real_name?: string;
  profile?: { email?: string; display_name?: string; real_name?: string };
}

const PAGE_SIZE = 200;

export class SlackDirectorySync {
  constructor(
    private readonly deps: { db: Db; api: SlackApi; credentials: SlackCredentials; tenants: TenantDirectory; users: UserDirectory; log: Logger },
  ) {}

  async sync(tenantKey: string): Promise<DirectorySyncSummary> {
    const tenant = await this.deps.tenants.ensure('slack', tenantKey);
    const placeholders = await this.deps.db.user.findMany({
      where: { tenantId: tenant.id, platformUserId: { startsWith: ROSTER_PLATFORM_USER_PREFIX }, email: { not: null } },
      select: { id: true, email: true },
    });
    const waiting = new Map(placeholders.map((p) => [p.email!.toLowerCase(), p.id]));
    const summary: DirectorySyncSummary = { unmatched: waiting.size, matched: 0, scanned: 0 };
    if (waiting.size === 0) return summary;

    const { token } = await this.deps.credentials.forTenant(tenantKey);
    let cursor: string | undefined;
    do {
      const page = await this.deps.api.call(token, 'users.list', { limit: PAGE_SIZE, include_locale: true, ...(cursor ? { cursor } : {}) });
      const members = Array.isArray(page.members) ? (page.members as SlackMember[]) : [];
      summary.scanned += members.length;
      for (const member of members) {
        const email = member.profile?.email?.trim().toLowerCase();
        if (!member.id || member.deleted || member.is_bot || !email) continue;
        const placeholderId = waiting.get(email);
        if (!placeholderId) continue;
        await this.match(tenant.id, placeholderId, member, email);
        waiting.delete(email);
        summary.matched += 1;
      }
      cursor = (page.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
    } while (cursor && waiting.size > 0);
    this.deps.log.info({ tenant: tenantKey, ...summary }, 'Slack directory synced with the roster');
    return summary;
  }

  /** Give the roster entry the member's Slack id, or link it to the member's existing chat account. */
  private async match(tenantId: string, placeholderId: string, member: SlackMember, email: string): Promise<void> {
    const chatUserId = await this.deps.users.idOf(tenantId, 'slack', member.id!);
    if (chatUserId) {
      await linkChatAccountByEmail(this.deps.db, tenantId, chatUserId, email);
      return;
    }
    try {
      await this.claim(tenantId, placeholderId, member);
    } catch (err) {
      // The person wrote to the bot in the meantime: their chat row now holds the Slack id.
      if (!isUniqueViolation(err)) throw err;
      const raced = await this.deps.users.idOf(tenantId, 'slack', member.id!);
      if (raced) await linkChatAccountByEmail(this.deps.db, tenantId, raced, email);
    }
  }

  private async claim(tenantId: string, placeholderId: string, member: SlackMember): Promise<void> {
    const name = [member.profile?.display_name, member.profile?.real_name, member.real_name].find((n) => n && n.trim() !== '')?.trim();
    await this.deps.db.user.updateMany({
      where: { id: placeholderId, tenantId, platformUserId: { startsWith: ROSTER_PLATFORM_USER_PREFIX } },
      data: {
        platformUserId: member.id!,
        ...(member.tz ? { timezone: member.tz } : {}),
        ...(member.locale ? { platformLocale: member.locale } : {}),
        ...(name ? { displayName: name } : {}),
      },
    });
  }
}
