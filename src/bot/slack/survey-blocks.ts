/**
 * A survey as Block Kit in a DM: per question a section, then buttons
 * (rating 1-5, NPS 0-10, choices; the current answer is the primary button)
 * or a text input that dispatches block_actions on Enter. Pressing another
 * button changes the answer until the survey closes.
 */
import type { SurveyForm, SurveyFormQuestion } from '../core/types.js';
import { ANSWER_ACTION, answerValue, textActionId } from '../../surveys/actions.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';
import type { SlackBlock } from './render.js';

export function surveyBlocks(form: SurveyForm): SlackBlock[] {
  return form.questions.flatMap((question, index) => questionBlocks(form, question, index));
}

function questionBlocks(form: SurveyForm, q: SurveyFormQuestion, index: number): SlackBlock[] {
  const title = `*${index + 1}. ${escapeMrkdwn(q.title)}*${q.required ? '' : ` _(${escapeMrkdwn(form.labels.required)})_`}`;
  const blocks: SlackBlock[] = [{ type: 'section', block_id: `survey.q.${q.id}`, text: { type: 'mrkdwn', text: truncate(title, 3000) } }];
  if (q.type === 'text') {
    blocks.push({
      type: 'input',
      block_id: `survey.text.${q.id}`,
      dispatch_action: true,
      optional: !q.required,
      label: { type: 'plain_text', text: truncate(form.labels.textPlaceholder, 2000), emoji: true },
      element: {
        type: 'plain_text_input',
        action_id: textActionId(form.runId, q.id),
        max_length: Math.min(q.maxLength ?? 1000, 2000),
        ...(typeof q.answer === 'string' && q.answer !== '' ? { initial_value: q.answer.slice(0, 2000) } : {}),
        dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
      },
    });
    return blocks;
  }
  const choices = buttonsOf(q);
  blocks.push({
    type: 'actions',
    block_id: `survey.a.${q.id}`,
    elements: choices.map((choice, i) => ({
      type: 'button',
      action_id: `${ANSWER_ACTION}#${i}`,
      text: { type: 'plain_text', text: truncate(choice.label, 75), emoji: true },
      value: answerValue(form.runId, q.id, choice.value),
      ...(isChosen(q, choice.value) ? { style: 'primary' } : {}),
    })),
  });
  if (q.lowLabel || q.highLabel) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`${q.lowLabel ?? ''} … ${q.highLabel ?? ''}`) }] });
  }
  return blocks;
}

function buttonsOf(q: SurveyFormQuestion): { label: string; value: string }[] {
  if (q.type === 'rating') return [1, 2, 3, 4, 5].map((n) => ({ label: String(n), value: String(n) }));
  if (q.type === 'nps') return Array.from({ length: 11 }, (_, n) => ({ label: String(n), value: String(n) }));
  return (q.options ?? []).slice(0, 25).map((o) => ({ label: o.label, value: o.id }));
}

function isChosen(q: SurveyFormQuestion, value: string): boolean {
  if (Array.isArray(q.answer)) return q.answer.includes(value);
  return q.answer !== undefined && String(q.answer) === value;
}
