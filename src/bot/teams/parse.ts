/**
 * Turns a Teams message activity (typed text, an @mention in a channel, or
 * an Action.Submit / Action.Execute card button) into the core's
 * IncomingMessage. The bot's own @mention is removed before the question
 * is read; other people's mentions keep their names as plain text.
 */
import { z } from 'zod';
import type { Attachment, IncomingMessage, Mention, MessageAction } from '../core/types.js';
import { isPersonal, localeOf, teamsThreadId, type InboundActivity } from './activity.js';

/** What card buttons carry (Action.Execute `data` and Action.Submit `data` alike). */
export interface CardActionData {
  actionId: string;
  value: string;
}

export function isFromBot(activity: InboundActivity, botAppId: string): { isBot: boolean; isMe: boolean } {
  const from = activity.from.id;
  const isMe = from === activity.recipient.id || (botAppId !== '' && (from === botAppId || from === `28:${botAppId}`));
  return { isMe, isBot: isMe || activity.from.role === 'bot' || from.startsWith('28:') };
}

/** True when the bot itself is @mentioned in the activity. */
export function mentionsBot(activity: InboundActivity): boolean {
  return (activity.entities ?? []).some((e) => e.type === 'mention' && mentionedId(e) === activity.recipient.id);
}

/** The people @mentioned other than the bot, so `recognize @person` can tell who was meant. */
export function otherMentions(activity: InboundActivity): Mention[] {
  const out: Mention[] = [];
  for (const entity of activity.entities ?? []) {
    const mentioned = record(entity['mentioned']);
    const id = mentionedId(entity);
    if (entity.type !== 'mention' || !id || id === activity.recipient.id) continue;
    const name = typeof mentioned?.['name'] === 'string' ? mentioned['name'] : '';
    const aad = mentioned?.['aadObjectId'];
    out.push({ id, name, ...(typeof aad === 'string' ? { aadObjectId: aad } : {}) });
  }
  return out;
}

/** The question text: the bot's `<at>…</at>` mentions removed, other tags stripped, entities decoded. */
export function questionText(activity: InboundActivity): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention' || mentionedId(entity) !== activity.recipient.id) continue;
    const markup = entity['text'];
    if (typeof markup === 'string' && markup !== '') text = text.split(markup).join(' ');
  }
  // Any remaining <at>Name</at> (another person) keeps the name; other markup goes.
  text = text.replace(/<at>(.*?)<\/at>/gs, '$1').replace(/<[^>]+>/g, '');
  return decodeEntities(text).replace(/[ \t]+/g, ' ').trim();
}

/** The button behind an Action.Submit message value or an adaptiveCard/action invoke. */
export function cardAction(activity: InboundActivity): MessageAction | undefined {
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const action = record(record(activity.value)?.['action']);
    const data = record(action?.['data']);
    const verb = typeof action?.['verb'] === 'string' ? action['verb'] : '';
    return withInputs({ id: stringField(data, 'actionId') ?? verb, value: stringField(data, 'value') ?? '' }, data);
  }
  if (activity.type === 'message' && activity.value !== undefined) {
    const data = record(activity.value);
    if (!data) return undefined;
    return withInputs({ id: stringField(data, 'actionId') ?? '', value: stringField(data, 'value') ?? '' }, data);
  }
  return undefined;
}

/** Card input fields (Input.* by id) arrive merged into the action's data; keep the string ones. */
function withInputs(action: MessageAction, data: Record<string, unknown> | undefined): MessageAction {
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(data ?? {})) {
    if (key !== 'actionId' && key !== 'value' && typeof value === 'string') inputs[key] = value;
  }
  return Object.keys(inputs).length > 0 ? { ...action, inputs } : action;
}

/** The IncomingMessage for a message or card action, or undefined when Hypercare should not read it. */
export function toIncomingMessage(activity: InboundActivity, tenant: string, botAppId: string): IncomingMessage | undefined {
  const action = cardAction(activity);
  const personal = isPersonal(activity);
  // In channels and group chats the bot answers only when @mentioned. A channel thread reply without a
  // mention (delivered with the ChannelMessage.Read.Group permission) is passed on as `passive`: an
  // engineer may be answering in an escalation thread.
  const passive = !action && !personal && !mentionsBot(activity);
  if (passive && !activity.conversation.id.includes(';messageid=')) return undefined;
  const attachments = action ? [] : fileAttachments(activity);
  const { isBot, isMe } = isFromBot(activity, botAppId);
  const mentions = action ? [] : otherMentions(activity);
  return {
    platform: 'teams',
    tenantId: tenant,
    threadId: teamsThreadId(tenant, activity.conversation.id),
    // Teams ids are unique per conversation, not per tenant: qualify them so dedupe never merges two.
    messageId: `${activity.conversation.id}|${activity.id ?? ''}`,
    author: { id: activity.from.aadObjectId ?? activity.from.id, name: activity.from.name, isBot, isMe },
    text: action ? '' : questionText(activity),
    locale: localeOf(activity),
    action,
    ...(mentions.length > 0 ? { mentions } : {}),
    ...(passive ? { passive } : {}),
    ...(attachments.length ? { attachments } : {}),
    raw: activity,
  };
}

const fileAttachment = z.looseObject({
  contentType: z.string(),
  contentUrl: z.string().optional(),
  name: z.string().optional(),
  content: z.looseObject({ downloadUrl: z.string().optional() }).optional(),
});

/** Images and files sent with the message, as links; the text/html copy of the message itself is not one. */
function fileAttachments(activity: InboundActivity): Attachment[] {
  const list = (activity as { attachments?: unknown }).attachments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): Attachment[] => {
    const parsed = fileAttachment.safeParse(item);
    if (!parsed.success || parsed.data.contentType.startsWith('text/') || parsed.data.contentType === ADAPTIVE_CARD_TYPE) return [];
    const a = parsed.data;
    const url = a.content?.downloadUrl ?? a.contentUrl;
    return [{ name: a.name ?? 'file', contentType: a.contentType, ...(url ? { url } : {}) }];
  });
}

const ADAPTIVE_CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

function mentionedId(entity: Record<string, unknown>): string | undefined {
  const mentioned = record(entity['mentioned']);
  return typeof mentioned?.['id'] === 'string' ? mentioned['id'] : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringField(data: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = data?.[key];
  return typeof value === 'string' ? value : undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (!name.startsWith('#')) return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
