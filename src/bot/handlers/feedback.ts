/**
 * "Did this help?" buttons. Yes teaches the article the asker's phrasing;
 * No is recorded and answered with a next step.
 */
import type { Handler } from '../core/handler.js';
import { textReply } from '../core/replies.js';
import { t } from '../i18n/messages.js';
import { ESC_ACTIONS } from '../../escalations/messages.js';

export const FEEDBACK_ACTION = 'answer.feedback';

export function feedbackValue(questionId: string, helpful: boolean): string {
  return `${questionId}|${helpful ? 'yes' : 'no'}`;
}

function parseValue(value: string): { questionId: string; helpful: boolean } | undefined {
  const match = /^([0-9a-f-]{36})\|(yes|no)$/i.exec(value);
  return match ? { questionId: match[1]!, helpful: match[2]!.toLowerCase() === 'yes' } : undefined;
}

export const feedbackHandler: Handler = {
  name: 'feedback',
  matches: (msg) => msg.action?.id === FEEDBACK_ACTION,
  async handle({ msg, tenant, user, lang, services }) {
    const parsed = parseValue(msg.action?.value ?? '');
    const question = parsed && (await services.questions.find(tenant.id, parsed.questionId));
    if (!parsed || !question) return [textReply(lang, 'feedback.stale')];
    if (question.userId !== user.id) return [textReply(lang, 'feedback.notYours')];
    await services.learning.rate({ tenantId: tenant.id, questionId: question.id, userId: user.id, helpful: parsed.helpful });
    // A button press has no text to detect a language from: answer in the question's.
    const replyLang = user.locale ?? (question.lang === 'zh-CN' ? 'zh-CN' : 'en');
    if (parsed.helpful) return [textReply(replyLang, 'feedback.yes')];
    const no = textReply(replyLang, 'feedback.no');
    // Where engineers are set up, the next step is one of them.
    const state = await services.escalations?.conversationState(tenant.id, user.id, msg.threadId);
    if (!state?.configured) return [no];
    const talk = { id: ESC_ACTIONS.talk, value: question.id, label: t(replyLang, 'esc.talk'), style: 'primary' as const };
    return [{ ...no, text: `${no.text} [${talk.label}]`, blocks: [...no.blocks, { kind: 'actions', buttons: [talk] }] }];
  },
};
