/**
 * Proactive messages (surveys, digests, escalation alerts) to Slack threads:
 * `slack:<team>:<channel>[:<thread_ts>]`. A thread whose channel is a user id
 * (U…/W…) means that user's DM: opened once with conversations.open and the
 * DM channel id kept in User.conversationRef.
 */
import type { Db } from '../../db/client.js';
import type { UserDirectory } from '../../directory/users.js';
import type { ChannelSender } from '../../delivery/outbound.js';
import type { SlackCredentials } from './installations.js';
import { postReply } from './replies.js';
import { parseSlackThreadId, slackThreadId } from './thread-ids.js';
import type { SlackApi } from './web-api.js';

export interface SlackConversationRef {
  slack: { dmChannelId: string };
}

export function slackSender(deps: {
  db: Db;
  users: UserDirectory;
  api: SlackApi;
  credentials: SlackCredentials;
}): ChannelSender {
  async function dmChannel(token: string, tenantId: string, userId: string | null, slackUserId: string): Promise<string> {
    if (userId) {
      // Raw: it runs for every survey invite of a fan-out (see OutboundDelivery.deliver).
      const [row] = await deps.db.$queryRaw<{ conversationRef: unknown }[]>`SELECT "conversationRef" FROM "User" WHERE id = ${userId} AND "tenantId" = ${tenantId}`;
      const known = (row?.conversationRef as Partial<SlackConversationRef> | null)?.slack?.dmChannelId;
      if (known) return known;
    }
    const res = await deps.api.call(token, 'conversations.open', { users: slackUserId });
    const channelId = (res.channel as { id?: string } | undefined)?.id;
    if (!channelId) return slackUserId; // chat.postMessage to a user id still reaches the app's DM
    if (userId) await deps.users.updateProfile(tenantId, userId, { conversationRef: { slack: { dmChannelId: channelId } } satisfies SlackConversationRef });
    return channelId;
  }

  return {
    async send({ tenantId, threadId, userId }, message, options) {
      const conv = parseSlackThreadId(threadId);
      const { token } = await deps.credentials.forTenant(conv.tenant);
      const channel = /^[UW][A-Z0-9]+$/.test(conv.channel) ? await dmChannel(token, tenantId, userId, conv.channel) : conv.channel;
      const ts = await postReply(deps.api, token, { kind: 'channel', channel, threadTs: conv.threadTs }, message, options);
      return ts ? { platformMessageId: ts } : {};
    },
    // A user id as the channel means "their DM": send() opens it with conversations.open.
    directThreadOf: ({ tenantExternalId, platformUserId }) =>
      /^[UW][A-Z0-9]+$/.test(platformUserId) ? slackThreadId({ tenant: tenantExternalId, channel: platformUserId }) : null,
  };
}
