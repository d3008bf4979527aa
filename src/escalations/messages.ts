/**
 * The OutgoingMessages of the escalation flow, for both sides. Text is raw
 * here; each channel's renderer escapes it (Slack mrkdwn, Teams card text,
 * the web chat's textContent), so a question holding `<!channel>` or markup
 * reaches the engineers as plain characters.
 */
import type { Lang } from '../knowledge/types.js';
import type { Block, Button, OutgoingMessage } from '../bot/core/types.js';
import type { Attachment } from '../bot/core/types.js';
import { plainText } from '../bot/handlers/answer-message.js';
import { t } from '../bot/i18n/messages.js';
import { localDateTime } from '../time/zones.js';
import type { EscalationContext } from './context.js';
import type { Escalation } from '../generated/prisma/client.js';

/** Button ids the escalation handlers answer. */
export const ESC_ACTIONS = {
  talk: 'esc.talk',
  claim: 'esc.claim',
  reassign: 'esc.reassign',
  reassignTo: 'esc.reassignTo',
  resolve: 'esc.resolve',
  saveArticle: 'esc.article',
  publish: 'esc.publish',
  csat: 'esc.csat',
} as const;

export function message(lang: Lang, blocks: Block[]): OutgoingMessage {
  return { lang, text: plainText(blocks, lang), blocks };
}

export function textMessage(lang: Lang, text: string): OutgoingMessage {
  return message(lang, [{ kind: 'text', text }]);
}

/** "2026-03-04 11:15 (Asia/Shanghai)": the person's own wall clock. */
export function formatWhen(instant: Date, timezone: string): string {
  const l = localDateTime(instant, timezone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)} (${timezone})`;
}

export function formatAge(ms: number, lang: Lang): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t(lang, 'esc.ageMinutes', { n: minutes });
  if (minutes < 48 * 60) return t(lang, 'esc.ageHours', { n: Math.floor(minutes / 60) });
  return t(lang, 'esc.ageDays', { n: Math.floor(minutes / 1440) });
}

export function statusWord(lang: Lang, escalation: Pick<Escalation, 'status'>, assigneeName: string | null): string {
  switch (escalation.status) {
    case 'open':
      return t(lang, 'esc.statusOpenWord');
    case 'claimed':
      return t(lang, 'esc.statusClaimedWord', { name: assigneeName ?? t(lang, 'esc.unknown') });
    case 'resolved':
      return t(lang, 'esc.statusResolvedWord');
    case 'cancelled':
      return t(lang, 'esc.statusCancelledWord');
  }
}

function whoHasIt(lang: Lang, ctx: EscalationContext): string {
  if (ctx.assignee && ctx.group) return t(lang, 'esc.whoPerson', { name: ctx.assignee.name, group: ctx.group.name });
  if (ctx.group) return t(lang, 'esc.whoGroup', { group: ctx.group.name });
  return t(lang, 'esc.whoTeam');
}

function requesterClock(ctx: EscalationContext): string {
  return ctx.requester.timezone ?? ctx.tenant.timezone;
}

/** To the asker, right after escalating: who has it and when to expect an answer. */
export function createdMessage(lang: Lang, ctx: EscalationContext): OutgoingMessage {
  const due = formatWhen(ctx.answerDueAt, requesterClock(ctx));
  return message(lang, [
    { kind: 'text', text: t(lang, 'esc.created', { who: whoHasIt(lang, ctx), due }) },
    { kind: 'text', text: t(lang, 'esc.createdHint') },
  ]);
}

/** "Still waiting?": where the request stands. */
export function statusMessage(lang: Lang, ctx: EscalationContext): OutgoingMessage {
  const e = ctx.escalation;
  const clock = requesterClock(ctx);
  const status =
    e.status === 'claimed'
      ? t(lang, 'esc.statusClaimed', { name: ctx.assignee?.name ?? t(lang, 'esc.unknown'), since: formatWhen(e.claimedAt ?? e.createdAt, clock) })
      : t(lang, 'esc.statusOpen', { who: whoHasIt(lang, ctx), since: formatWhen(e.createdAt, clock), due: formatWhen(ctx.answerDueAt, clock) });
  return textMessage(lang, t(lang, 'esc.already', { status }));
}

function languageName(lang: Lang, of: Lang): string {
  return t(lang, of === 'zh-CN' ? 'esc.langZh' : 'esc.langEn');
}

export function engineerButtons(lang: Lang, escalationId: string): Button[] {
  return [
    { id: ESC_ACTIONS.claim, value: escalationId, label: t(lang, 'esc.claim'), style: 'primary' },
    { id: ESC_ACTIONS.reassign, value: escalationId, label: t(lang, 'esc.reassign') },
    { id: ESC_ACTIONS.resolve, value: escalationId, label: t(lang, 'esc.resolve') },
    { id: ESC_ACTIONS.saveArticle, value: escalationId, label: t(lang, 'esc.saveArticle') },
  ];
}

/** The engineers' notification (channel and on-call DM): everything needed to answer without asking again. */
export function notificationMessage(lang: Lang, ctx: EscalationContext, options: { dmIntro?: boolean } = {}): OutgoingMessage {
  const unknown = t(lang, 'esc.unknown');
  const blocks: Block[] = [{ kind: 'heading', text: t(lang, 'esc.notifyTitle') }];
  if (options.dmIntro) blocks.push({ kind: 'text', text: t(lang, 'esc.notifyDm', { group: ctx.group?.name ?? t(lang, 'esc.whoTeam') }) });
  blocks.push({ kind: 'text', text: ctx.question.text });
  blocks.push({
    kind: 'fields',
    fields: [
      { label: t(lang, 'esc.notifyFrom'), value: ctx.requester.name },
      { label: t(lang, 'esc.notifyDepartment'), value: ctx.requester.department ?? unknown },
      { label: t(lang, 'esc.notifyWave'), value: ctx.requester.wave ?? unknown },
      { label: t(lang, 'esc.notifyLanguage'), value: languageName(lang, ctx.question.lang) },
      { label: t(lang, 'esc.notifyGroup'), value: ctx.group?.name ?? unknown },
      { label: t(lang, 'esc.notifyRef'), value: `#${ctx.ref}` },
    ],
  });
  const shown = ctx.shown.length ? ctx.shown.map((title) => `• ${title}`).join('\n') : t(lang, 'esc.notifyNothingShown');
  blocks.push({ kind: 'text', text: `${t(lang, 'esc.notifyShown')}:\n${shown}` });
  if (ctx.conversation.length > 1) {
    const lines = ctx.conversation.map((line) => `${speaker(lang, line.from, ctx.requester.name)}: ${line.text}`);
    blocks.push({ kind: 'text', text: `${t(lang, 'esc.notifyConversation')}:\n${lines.join('\n')}` });
  }
  blocks.push({ kind: 'text', text: t(lang, 'esc.notifyHowToReply', { ref: ctx.ref }) });
  blocks.push({ kind: 'actions', buttons: engineerButtons(lang, ctx.escalation.id) });
  return message(lang, blocks);
}

function speaker(lang: Lang, from: 'user' | 'bot' | 'engineer', requester: string): string {
  if (from === 'user') return requester;
  if (from === 'bot') return 'Hypercare';
  return t(lang, 'esc.replyFrom', { name: '' }).trim();
}

function attachmentLines(attachments: readonly Attachment[]): string {
  return attachments.map((a) => (a.url ? `• ${a.name} (${a.url})` : `• ${a.name}`)).join('\n');
}

/** The asker's follow-up, relayed into the engineers' thread. */
export function followUpMessage(lang: Lang, requesterName: string, ref: string, text: string, attachments: readonly Attachment[]): OutgoingMessage {
  const blocks: Block[] = [{ kind: 'text', text: `#${ref} ${t(lang, 'esc.userFollowUp', { name: requesterName })}` }];
  if (text) blocks.push({ kind: 'text', text });
  if (attachments.length) blocks.push({ kind: 'text', text: `${t(lang, 'esc.attachments')}:\n${attachmentLines(attachments)}` });
  return message(lang, blocks);
}

/** The engineer's answer, relayed to the asker. */
export function engineerReplyMessage(lang: Lang, engineerName: string, text: string, attachments: readonly Attachment[], thanks?: Button): OutgoingMessage {
  const blocks: Block[] = [{ kind: 'heading', text: t(lang, 'esc.replyFrom', { name: engineerName }) }];
  if (text) blocks.push({ kind: 'text', text });
  if (attachments.length) blocks.push({ kind: 'text', text: `${t(lang, 'esc.attachments')}:\n${attachmentLines(attachments)}` });
  if (thanks) blocks.push({ kind: 'actions', buttons: [thanks] });
  return message(lang, blocks);
}

/** After Resolve: "Did this solve it?" with a one-tap 1–5 rating. */
export function csatMessage(lang: Lang, engineerName: string, escalationId: string): OutgoingMessage {
  return message(lang, [
    { kind: 'text', text: t(lang, 'esc.resolvedUser', { name: engineerName }) },
    {
      kind: 'actions',
      prompt: t(lang, 'esc.csatPrompt'),
      buttons: [1, 2, 3, 4, 5].map((score) => ({ id: ESC_ACTIONS.csat, value: `${escalationId}|${score}`, label: String(score), ...(score === 5 ? { style: 'primary' as const } : {}) })),
    },
  ]);
}

/** The draft article preview shown to the engineer, with its one confirmation. */
export function articleDraftMessage(lang: Lang, draft: { articleId: string; lang: Lang; title: string; body: string }): OutgoingMessage {
  return message(lang, [
    { kind: 'text', text: t(lang, 'esc.articleDraft', { lang: languageName(lang, draft.lang) }) },
    { kind: 'heading', text: draft.title },
    { kind: 'markdown', text: draft.body },
    { kind: 'actions', buttons: [{ id: ESC_ACTIONS.publish, value: draft.articleId, label: t(lang, 'esc.publish'), style: 'primary' }] },
  ]);
}
