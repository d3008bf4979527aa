/**
 * How survey answers come back from chat. Every platform's controls carry
 * one of these actions; the run id and question id ride in the action, the
 * person is whoever pressed (never written into the message itself).
 *   survey.answer  value `<runId>|<questionId>|<value>`   a button: rating, NPS, a choice (toggles for multiple choice)
 *   survey.text|<runId>|<questionId>  value = the text    Slack's dispatching text input, the web chat's text field
 *   survey.submit  value `<runId>`, inputs {q.<id>: …}     a Teams card submit with every field at once
 */
export const ANSWER_ACTION = 'survey.answer';
export const SUBMIT_ACTION = 'survey.submit';
const TEXT_PREFIX = 'survey.text|';
/** Fields of a Teams card are named `q.<questionId>`. */
export const INPUT_PREFIX = 'q.';

export function answerValue(runId: string, questionId: string, value: string | number): string {
  return `${runId}|${questionId}|${value}`;
}

export function textActionId(runId: string, questionId: string): string {
  return `${TEXT_PREFIX}${runId}|${questionId}`;
}

export function isSurveyAction(actionId: string): boolean {
  return actionId === ANSWER_ACTION || actionId === SUBMIT_ACTION || actionId.startsWith(TEXT_PREFIX);
}

export type ParsedSurveyAction =
  | { kind: 'answer'; runId: string; questionId: string; value: string }
  | { kind: 'submit'; runId: string; fields: Record<string, string> };

export function parseSurveyAction(action: { id: string; value: string; inputs?: Record<string, string> }): ParsedSurveyAction | undefined {
  if (action.id === ANSWER_ACTION) {
    const [runId, questionId, ...rest] = action.value.split('|');
    if (!runId || !questionId || rest.length === 0) return undefined;
    return { kind: 'answer', runId, questionId, value: rest.join('|') };
  }
  if (action.id.startsWith(TEXT_PREFIX)) {
    const [runId, questionId] = action.id.slice(TEXT_PREFIX.length).split('|');
    if (!runId || !questionId) return undefined;
    return { kind: 'answer', runId, questionId, value: action.value };
  }
  if (action.id === SUBMIT_ACTION && action.value) {
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(action.inputs ?? {})) {
      if (key.startsWith(INPUT_PREFIX)) fields[key.slice(INPUT_PREFIX.length)] = value;
    }
    return { kind: 'submit', runId: action.value, fields };
  }
  return undefined;
}
