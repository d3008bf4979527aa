/**
 * A survey as Adaptive Card elements: each question an Input.ChoiceSet
 * (rating 1-5, NPS 0-10, single or multiple choice) or an Input.Text, filled
 * with the current answer, and one Action.Execute "Submit" (Action.Submit on
 * older clients). Teams sends every field with the submit, named q.<id>;
 * submitting again changes the answers until the survey closes.
 */
import type { SurveyForm, SurveyFormQuestion } from '../core/types.js';
import { INPUT_PREFIX, SUBMIT_ACTION } from '../../surveys/actions.js';
import type { ExecuteAction } from './cards.js';
import { run, type RichTextBlock } from './card-text.js';

export type SurveyInput = { separator?: boolean } &
  (
  | {
      type: 'Input.ChoiceSet';
      id: string;
      style: 'expanded' | 'compact';
      isMultiSelect: boolean;
      choices: { title: string; value: string }[];
      value?: string;
      isRequired?: boolean;
      errorMessage?: string;
    }
  | { type: 'Input.Text'; id: string; isMultiline: true; maxLength: number; placeholder: string; value?: string; isRequired?: boolean });

export function surveyElements(form: SurveyForm): (RichTextBlock | SurveyInput | { type: 'ActionSet'; actions: ExecuteAction[] })[] {
  const out: (RichTextBlock | SurveyInput | { type: 'ActionSet'; actions: ExecuteAction[] })[] = [];
  form.questions.forEach((q, index) => {
    const suffix = q.required ? '' : ` (${form.labels.required})`;
    out.push({ type: 'RichTextBlock', inlines: [run(`${index + 1}. ${q.title}${suffix}`, { weight: 'Bolder' })], separator: index > 0 });
    out.push(inputOf(form, q));
  });
  const data = { actionId: SUBMIT_ACTION, value: form.runId };
  out.push({
    type: 'ActionSet',
    actions: [{ type: 'Action.Execute', title: form.labels.submit, verb: SUBMIT_ACTION, data, style: 'positive', fallback: { type: 'Action.Submit', title: form.labels.submit, data } }],
  });
  return out;
}

function inputOf(form: SurveyForm, q: SurveyFormQuestion): SurveyInput {
  const id = `${INPUT_PREFIX}${q.id}`;
  if (q.type === 'text') {
    return {
      type: 'Input.Text',
      id,
      isMultiline: true,
      maxLength: q.maxLength ?? 1000,
      placeholder: form.labels.textPlaceholder,
      ...(typeof q.answer === 'string' && q.answer !== '' ? { value: q.answer } : {}),
    };
  }
  const scale = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  const choices =
    q.type === 'rating'
      ? scale(1, 5).map((v, i, all) => ({ title: i === 0 && q.lowLabel ? `${v} ${q.lowLabel}` : i === all.length - 1 && q.highLabel ? `${v} ${q.highLabel}` : v, value: v }))
      : q.type === 'nps'
        ? scale(0, 10).map((v) => ({ title: v, value: v }))
        : (q.options ?? []).map((o) => ({ title: o.label, value: o.id }));
  const value = Array.isArray(q.answer) ? q.answer.join(',') : q.answer === undefined ? undefined : String(q.answer);
  return {
    type: 'Input.ChoiceSet',
    id,
    style: q.type === 'nps' ? 'compact' : 'expanded',
    isMultiSelect: q.type === 'multiple_choice',
    choices,
    ...(value !== undefined ? { value } : {}),
  };
}
