/**
 * Who a Teams user is beyond the activity: Teams sends a name and AAD id but
 * no email, and the roster knows people by email. The member lookup (Bot
 * Connector GET /v3/conversations/{id}/members/{user}) gives it, once per
 * person a day per process; a newly known email links the account to its
 * roster entry (UserDirectory.updateProfile). Failures are logged and
 * retried later; they never hold up an answer for long.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../../log.js';
import type { UserDirectory } from '../../directory/users.js';

const DAY_MS = 24 * 60 * 60_000;
const FAILURE_BACKOFF_MS = 15 * 60_000;
const MAX_ENTRIES = 50_000;

export class TeamsProfiles {
  /** When each person was last looked up (or last failed, moved forward by the backoff). */
  private readonly checkedAt = new Map<string, number>();

  constructor(private readonly deps: { users: UserDirectory; log: Logger; now?: () => number }) {}

  async refresh(ctx: TurnContext, tenantId: string, userId: string): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const key = `${tenantId}:${userId}`;
    const last = this.checkedAt.get(key);
    if (last !== undefined && now - last < DAY_MS) return;
    if (this.checkedAt.size >= MAX_ENTRIES) this.checkedAt.delete(this.checkedAt.keys().next().value!);
    this.checkedAt.set(key, now);
    try {
      const member = await TeamsInfo.getMember(ctx, ctx.activity.from.id);
      const email = [member.email, member.userPrincipalName].find((v) => typeof v === 'string' && v.includes('@'));
      if (email) await this.deps.users.updateProfile(tenantId, userId, { email, ...(member.name ? { displayName: member.name } : {}) });
    } catch (err) {
      this.checkedAt.set(key, now - DAY_MS + FAILURE_BACKOFF_MS);
      this.deps.log.warn({ err: (err as Error).message }, 'Teams member lookup failed; answering without the email');
    }
  }
}
