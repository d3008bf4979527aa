/**
 * Proactive messages to Teams (surveys, digests, escalation alerts): the
 * stored ConversationReference of the thread, continueConversationAsync,
 * one Adaptive Card. Sends are paced under Teams' limits per conversation
 * and per tenant; a 429 that outlives botbuilder's own Retry-After retries
 * pauses the conversation and surfaces as rate_limited, so the delivery
 * job tries again later.
 */
import { ActivityTypes, type ConversationReference, type TurnContext } from 'botbuilder';
import type { ChannelSender } from '../../delivery/outbound.js';
import { HypercareError } from '../core/errors.js';
import { parseTeamsThreadId, teamsThreadId } from './activity.js';
import { cardAttachment, renderCard } from './cards.js';
import type { TeamsCloudAdapter } from './cloud-adapter.js';
import type { StoredReference, TeamsConversations } from './conversations.js';
import { connectorError } from './errors.js';
import { SlidingWindowLimiter, type WindowLimit } from './rate-limit.js';

export interface TeamsSendLimits {
  /** Teams allows about 7 messages per second in one conversation. */
  perConversation: WindowLimit;
  /** All conversations of one tenant together. */
  perTenant: WindowLimit;
}

export const DEFAULT_SEND_LIMITS: TeamsSendLimits = {
  perConversation: { max: 7, windowMs: 1_000 },
  perTenant: { max: 50, windowMs: 1_000 },
};

export function teamsSender(deps: {
  adapter: TeamsCloudAdapter;
  conversations: TeamsConversations;
  botAppId: string;
  limits?: TeamsSendLimits;
}): ChannelSender {
  const limits = deps.limits ?? DEFAULT_SEND_LIMITS;
  const perConversation = new SlidingWindowLimiter(limits.perConversation);
  const perTenant = new SlidingWindowLimiter(limits.perTenant);

  return {
    async send({ tenantId, threadId, userId }, message, options) {
      const thread = parseTeamsThreadId(threadId);
      if (!thread) throw new HypercareError('bad_request', `"${threadId}" is not a Teams thread id`);
      const ref = await deps.conversations.resolve(tenantId, threadId, userId);
      if (!ref) throw new HypercareError('not_found', `no stored conversation reference for ${threadId}; the bot must hear from it first`);

      const conversationKey = `${thread.tenant}:${thread.conversationId}`;
      await perTenant.acquire(thread.tenant);
      await perConversation.acquire(conversationKey);
      const card = cardAttachment(renderCard(message));
      let postedId: string | undefined;
      try {
        await deps.adapter.continueConversationAsync(deps.botAppId, ref as Partial<ConversationReference>, async (ctx) => {
          // The continuation has a made-up id: post to the conversation, not as a reply to it.
          ctx.onSendActivities(async (_ctx, activities, next) => {
            for (const activity of activities) delete activity.replyToId;
            return next();
          });
          if (options?.paced) withoutClientRetries(ctx);
          // The rate slot last, so nothing (the card, the turn's set-up) sits between it and the post.
          await options?.beforePost();
          const posted = await ctx.sendActivity({ type: ActivityTypes.Message, attachments: [card] });
          postedId = posted?.id;
        });
      } catch (err) {
        const mapped = connectorError(err, `send to ${threadId}`);
        const retryAfterMs = mapped.details?.retryAfterMs;
        if (mapped.code === 'rate_limited' && typeof retryAfterMs === 'number') perConversation.pause(conversationKey, retryAfterMs);
        throw mapped;
      }
      return postedId ? { platformMessageId: postedId } : {};
    },
    // Teams lets a bot write to a person only in the 1:1 chat they opened with it (its reference is stored then).
    directThreadOf: ({ tenantExternalId, conversationRef }) => {
      const conversationId = (conversationRef as Partial<StoredReference> | null)?.conversation?.id;
      return conversationId ? teamsThreadId(tenantExternalId, conversationId) : null;
    },
  };
}

/**
 * botbuilder's HTTP pipeline retries a 429 after its Retry-After by itself,
 * outside the limiter shared by all workers: in bench:survey-fanout those
 * retries landed together with the paced sends and drew more 429s. For a
 * paced send the outbound path retries through the limiter instead. The
 * connector client is made for this one continuation, so no other send
 * changes; "defaultRetryPolicy" is @azure/core-rest-pipeline's policy name.
 */
function withoutClientRetries(ctx: TurnContext): void {
  const connector = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as { client?: { pipeline?: { removePolicy(policy: { name: string }): unknown } } } | undefined;
  connector?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}
