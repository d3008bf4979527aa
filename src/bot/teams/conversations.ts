/**
 * Where the bot can reach people later. A user's 1:1 ConversationReference
 * goes on their User row (User.conversationRef); the tenant's Installation
 * row (platform teams, key = Teams tenant id) keeps the connector's
 * serviceUrl, the bot account, and a ConversationReference per channel or
 * group chat the bot was added to or mentioned in. Jobs address all of
 * these by thread id only; the ChannelSender resolves them here.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { UserDirectory } from '../../directory/users.js';
import { parseTeamsThreadId, type InboundActivity } from './activity.js';

/** The parts of a Bot Framework ConversationReference Hypercare stores (JSON-safe). */
export interface StoredReference {
  channelId: string;
  serviceUrl: string;
  bot: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  locale?: string;
}

interface TenantInstallation {
  serviceUrl: string;
  bot: { id: string; name?: string };
  conversations?: Record<string, StoredReference>;
}

export function referenceOf(activity: InboundActivity): StoredReference {
  const { conversation } = activity;
  return {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    bot: compact({ id: activity.recipient.id, name: activity.recipient.name }),
    user: compact({ id: activity.from.id, name: activity.from.name, aadObjectId: activity.from.aadObjectId }),
    conversation: compact({
      id: conversation.id,
      conversationType: conversation.conversationType,
      tenantId: conversation.tenantId,
      isGroup: conversation.isGroup,
    }),
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}

/** A channel thread's conversation id is the channel's id plus `;messageid=<root>`: the channel is what lasts. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

export class TeamsConversations {
  /** What was last written, so a busy chat does not rewrite the same row on every message. */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly users: UserDirectory,
  ) {}

  /** Keep the user's 1:1 reference (personal chats only: a channel reference cannot DM them). */
  async rememberUser(tenantId: string, userId: string, activity: InboundActivity): Promise<void> {
    const ref = referenceOf(activity);
    await this.unlessUnchanged(`user:${userId}`, ref, () => this.users.setConversationRef(tenantId, userId, ref));
  }

  /** Keep the tenant's serviceUrl and bot, and the channel's or group chat's reference. */
  async rememberConversation(tenantId: string, teamsTenant: string, activity: InboundActivity, personal: boolean): Promise<void> {
    const ref = referenceOf(activity);
    const conversationId = baseConversationId(ref.conversation.id);
    const channelRef: StoredReference = { ...ref, conversation: { ...ref.conversation, id: conversationId } };
    delete channelRef.user;
    delete channelRef.locale;
    const patch = {
      serviceUrl: ref.serviceUrl,
      bot: ref.bot,
      conversations: personal ? {} : { [conversationId]: channelRef },
    };
    // One statement, so two replicas adding different channels at once both keep theirs.
    await this.unlessUnchanged(`conversation:${teamsTenant}:${personal ? '' : conversationId}`, patch, () => this.db.$executeRaw`
      INSERT INTO "Installation" ("id", "tenantId", "platform", "key", "data", "updatedAt")
      VALUES (${randomUUID()}, ${tenantId}, 'teams', ${teamsTenant}, ${JSON.stringify(patch)}::jsonb, now())
      ON CONFLICT ("platform", "key") DO UPDATE SET
        "data" = "Installation"."data"
          || jsonb_build_object('serviceUrl', ${ref.serviceUrl}::text, 'bot', ${JSON.stringify(ref.bot)}::jsonb)
          || jsonb_build_object('conversations',
               COALESCE("Installation"."data"->'conversations', '{}'::jsonb) || ${JSON.stringify(patch.conversations)}::jsonb),
        "updatedAt" = now()`);
  }

  /** The reference to post to a `teams:<tenant>:<conversation>` thread, for a delivery to `userId` if given. */
  async resolve(tenantId: string, threadId: string, userId: string | null): Promise<StoredReference | undefined> {
    const thread = parseTeamsThreadId(threadId);
    if (!thread) return undefined;
    const users = await this.db.user.findMany({
      where: userId
        ? { id: userId, tenantId }
        : { tenantId, platform: 'teams', conversationRef: { path: ['conversation', 'id'], equals: thread.conversationId } },
      select: { conversationRef: true },
      take: 1,
    });
    const personal = users[0]?.conversationRef as StoredReference | null | undefined;
    if (personal?.conversation?.id === thread.conversationId) return personal;

    const installation = await this.db.installation.findUnique({
      where: { platform_key: { platform: 'teams', key: thread.tenant } },
      select: { data: true },
    });
    const data = installation?.data as TenantInstallation | undefined;
    if (!data?.serviceUrl) return undefined;
    const known = data.conversations?.[baseConversationId(thread.conversationId)];
    return {
      channelId: 'msteams',
      serviceUrl: known?.serviceUrl ?? data.serviceUrl,
      bot: known?.bot ?? data.bot,
      conversation: { ...known?.conversation, id: thread.conversationId, tenantId: thread.tenant },
    };
  }

  private async unlessUnchanged(key: string, value: unknown, write: () => Promise<unknown>): Promise<void> {
    const json = JSON.stringify(value);
    if (this.written.get(key) === json) return;
    await write();
    if (this.written.size > 10_000) this.written.clear();
    this.written.set(key, json);
  }
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
