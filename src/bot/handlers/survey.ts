/**
 * Survey answers from buttons, text fields and card submits, and the
 * "stop surveys" / "停止调查" opt-out (and "start surveys" / "开始调查").
 * Nothing is logged here: for an anonymous survey a log line carrying the
 * person and the run would link them.
 */
import type { Handler, HandlerContext } from '../core/handler.js';
import type { OutgoingMessage } from '../core/types.js';
import { textReply } from '../core/replies.js';
import { t } from '../i18n/messages.js';
import { isSurveyAction, parseSurveyAction } from '../../surveys/actions.js';
import type { AnswerOutcome } from '../../surveys/answers.js';
import { closeDate, localized } from '../../surveys/form.js';

const STOP = /^(stop|unsubscribe from|no more) surveys?[.!]?$|^(停止|退订|不要)(接收)?调查[。！!]?$/i;
const START = /^(start|resume) surveys?[.!]?$|^(开始|恢复)(接收)?调查[。！!]?$/i;

export const surveyHandler: Handler = {
  name: 'survey',
  matches: (msg, text) => (msg.action ? isSurveyAction(msg.action.id) : STOP.test(text) || START.test(text)),
  async handle(ctx) {
    const surveys = ctx.services.surveys;
    if (!surveys) return [textReply(ctx.lang, 'error.unknownAction')];
    if (!ctx.msg.action) {
      const optOut = STOP.test(ctx.text);
      await surveys.setOptOut(ctx.tenant.id, ctx.user.id, optOut);
      return [textReply(ctx.lang, optOut ? 'survey.optOut' : 'survey.optIn')];
    }
    const action = parseSurveyAction(ctx.msg.action);
    if (!action) return [textReply(ctx.lang, 'error.unknownAction')];
    const updates =
      action.kind === 'answer'
        ? [{ questionId: action.questionId, raw: action.value, toggle: true }]
        : Object.entries(action.fields).map(([questionId, raw]) => ({ questionId, raw }));
    const outcome = await surveys.answers.answer(ctx.tenant.id, ctx.user.id, action.runId, updates);
    return [reply(ctx, outcome)];
  },
};

function reply({ lang }: HandlerContext, outcome: AnswerOutcome): OutgoingMessage {
  switch (outcome.kind) {
    case 'closed':
      return textReply(lang, 'survey.closed');
    case 'not_invited':
      return textReply(lang, 'survey.notInvited');
    case 'nothing':
      return textReply(lang, 'survey.nothing');
    case 'invalid':
      return textReply(lang, 'survey.invalid', { question: localized(outcome.question.title, lang) });
    case 'saved': {
      const date = closeDate(outcome.closesAt, outcome.survey.schedule.tz);
      const first = outcome.survey.questions.find((q) => q.id === outcome.questionIds[0]);
      const saved =
        outcome.questionIds.length === 1 && first
          ? t(lang, 'survey.saved', { question: localized(first.title, lang), date })
          : t(lang, 'survey.savedAll', { count: outcome.questionIds.length, date });
      const text = outcome.complete ? `${saved}\n${t(lang, 'survey.complete')}` : saved;
      return { lang, text, blocks: [{ kind: 'text', text }] };
    }
  }
}
