/**
 * Events API envelopes → what the adapter does with them. Questions become
 * IncomingMessages; everything that is not a person asking is dropped here.
 *
 * messageId is `<channel>:<ts>` (the router keys it as slack:<tenant>:…): a
 * retry, and the message.channels event Slack sends beside app_mention for
 * the same post, carry the same channel and ts, so they collapse to one answer.
 */
import type { Attachment, IncomingMessage } from '../core/types.js';
import { eventEnvelope, homeOpenedEvent, messageEvent, tokensRevokedEvent, type EventEnvelope, type MessageEvent } from './payloads.js';
import { slackThreadId } from './thread-ids.js';

/** Where the answer to a message goes. */
export type ReplyTarget =
  | { kind: 'channel'; channel: string; threadTs?: string }
  | { kind: 'response_url'; url: string; channel: string; threadTs?: string };

export interface ParsedMessage {
  kind: 'message';
  tenantKey: string;
  msg: IncomingMessage;
  reply: ReplyTarget;
}

export type EventOutcome =
  | ParsedMessage
  | { kind: 'home'; tenantKey: string; userId: string }
  | { kind: 'uninstall'; tenantKey: string }
  | { kind: 'ignore'; reason: string };

/** Subtypes that are still a person writing; every other subtype (bot_message, message_changed, joins…) is dropped. */
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

export function parseEventEnvelope(body: unknown): EventOutcome {
  const parsed = eventEnvelope.safeParse(body);
  if (!parsed.success) return { kind: 'ignore', reason: `unreadable event envelope: ${parsed.error.issues[0]?.message ?? ''}` };
  const envelope = parsed.data;
  const tenantKey = tenantKeyOf(envelope);
  if (!tenantKey) return { kind: 'ignore', reason: 'event without a team' };
  const type = envelope.event.type;
  switch (type) {
    case 'app_mention':
    case 'message':
      return parseMessage(envelope, tenantKey);
    case 'app_home_opened': {
      const home = homeOpenedEvent.safeParse(envelope.event);
      if (!home.success || (home.data.tab && home.data.tab !== 'home')) return { kind: 'ignore', reason: 'not the home tab' };
      return { kind: 'home', tenantKey, userId: home.data.user };
    }
    case 'app_uninstalled':
      return { kind: 'uninstall', tenantKey };
    case 'tokens_revoked': {
      const revoked = tokensRevokedEvent.safeParse(envelope.event);
      return revoked.success && (revoked.data.tokens?.bot?.length ?? 0) > 0 ? { kind: 'uninstall', tenantKey } : { kind: 'ignore', reason: 'only user tokens revoked' };
    }
    default:
      return { kind: 'ignore', reason: `event type ${type} is not used` };
  }
}

/** The tenant: the enterprise for org-wide installs, else the workspace. */
export function tenantKeyOf(envelope: EventEnvelope): string | undefined {
  const auth = envelope.authorizations?.[0];
  const orgInstall = auth?.is_enterprise_install ?? envelope.is_enterprise_install ?? false;
  if (orgInstall) return envelope.enterprise_id ?? auth?.enterprise_id ?? undefined;
  return envelope.team_id ?? auth?.team_id ?? undefined;
}

function parseMessage(envelope: EventEnvelope, tenantKey: string): EventOutcome {
  const parsed = messageEvent.safeParse(envelope.event);
  if (!parsed.success) return { kind: 'ignore', reason: 'unreadable message event' };
  const event = parsed.data;
  if (event.subtype && !PERSON_SUBTYPES.has(event.subtype)) return { kind: 'ignore', reason: `message subtype ${event.subtype}` };
  if (event.hidden) return { kind: 'ignore', reason: 'hidden message' };
  const authorId = event.user ?? event.bot_id;
  if (!authorId) return { kind: 'ignore', reason: 'message without an author' };

  // The bot's user id: the authorization Slack delivered this event for.
  const botUserId = envelope.authorizations?.find((a) => a.is_bot)?.user_id;
  const direct = event.type === 'message' && event.channel_type === 'im';
  const mentioned = botUserId !== undefined && event.text.includes(`<@${botUserId}`);
  // Channel messages are answered only when they mention the bot (app_mention and, if subscribed, message.channels).
  // A thread reply without one is passed on as `passive`: an engineer may be answering in an escalation thread.
  const threadReply = !!event.thread_ts && event.thread_ts !== event.ts;
  if (!direct && event.type === 'message' && !mentioned && !threadReply) return { kind: 'ignore', reason: 'channel message without a mention' };
  const passive = !direct && event.type === 'message' && !mentioned;

  // In channels the answer goes in the thread (a new one under the question); in a DM, where the person wrote.
  const threadTs = direct ? event.thread_ts : (event.thread_ts ?? event.ts);
  const isMe = (botUserId !== undefined && event.user === botUserId) || (!!envelope.api_app_id && (event.app_id ?? event.bot_profile?.app_id) === envelope.api_app_id);
  const msg: IncomingMessage = {
    platform: 'slack',
    tenantId: tenantKey,
    threadId: slackThreadId({ tenant: tenantKey, channel: event.channel, threadTs }),
    messageId: `${event.channel}:${event.ts}`,
    author: { id: authorId, isBot: isMe || !!event.bot_id || !!event.bot_profile, isMe },
    text: stripMentions(event.text, botUserId),
    ...(passive ? { passive } : {}),
    ...(event.files?.length ? { attachments: attachmentsOf(event.files) } : {}),
    raw: envelope,
  };
  return { kind: 'message', tenantKey, msg, reply: { kind: 'channel', channel: event.channel, threadTs } };
}

function attachmentsOf(files: NonNullable<MessageEvent['files']>): Attachment[] {
  return files.map((f) => ({
    name: f.name ?? f.title ?? 'file',
    ...(f.permalink ?? f.url_private ? { url: f.permalink ?? f.url_private } : {}),
    ...(f.mimetype ? { contentType: f.mimetype } : {}),
  }));
}

/** Remove the bot's own mention; other people's mentions stay (escaped on the way out). */
export function stripMentions(text: string, botUserId: string | undefined): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/;
  return fromSlackText(text.replace(own, ' ')).replace(/[^\S\n]+/g, ' ').trim();
}

/** Slack's message text back to what the person typed: links to their label, &amp; &lt; &gt; decoded. */
export function fromSlackText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]*)>/g, '$2')
    .replace(/<((?:https?|mailto):[^|>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export type { MessageEvent };
