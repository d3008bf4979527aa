/**
 * Results of one survey run, computed from plain rows: response rate,
 * per-question averages and distributions, NPS, free-text answers, and a
 * breakdown by department and by wave.
 *
 * Anonymity rule (anonymous surveys only; MIN_GROUP_SIZE = 5):
 *  1. A breakdown group with fewer than 5 responses is not shown: neither its
 *     label nor its numbers; only how many groups were withheld.
 *  2. Because the total is shown, a single withheld group could be recovered
 *     by subtraction (total − shown groups). So when exactly one group is
 *     withheld and others are shown, the smallest shown group is withheld too
 *     (ties: the label that sorts first). Two or more withheld groups reveal
 *     only their combined size.
 *  3. Inside a shown group, a question answered by fewer than 5 people (an
 *     optional question) shows its count but no average or distribution.
 *  4. Free text is listed only for the whole run, never per group, and sorted
 *     so its order says nothing about who answered when.
 * Known limit: the two breakdowns (department, wave) are each safe alone;
 * crossing them by hand against each other is not guarded against.
 *
 * Rounding: averages to 2 decimals, shares to 4, NPS to 1 (a percentage).
 */
import type { SurveyDefinition, SurveyQuestion } from './definition-schema.js';

export const MIN_GROUP_SIZE = 5;

export interface ResponseRow {
  /** Question id → answer: 1–5, 0–10, an option id, option ids, or text. */
  answers: Readonly<Record<string, unknown>>;
  department: string | null;
  wave: string | null;
}

export interface ResultsInput {
  survey: Pick<SurveyDefinition, 'anonymous' | 'questions'>;
  invited: number;
  responses: readonly ResponseRow[];
}

export interface ValueCount {
  value: number;
  count: number;
}

export interface OptionCount {
  id: string;
  count: number;
  /** count / people who answered the question; for multiple choice shares add up to more than 1. */
  share: number;
}

export type QuestionResult =
  | { id: string; type: 'rating'; answered: number; average: number | null; distribution: ValueCount[] }
  | {
      id: string;
      type: 'nps';
      answered: number;
      average: number | null;
      distribution: ValueCount[];
      promoters: number;
      passives: number;
      detractors: number;
      /** % promoters (9–10) − % detractors (0–6), −100…100; null without answers. */
      nps: number | null;
    }
  | { id: string; type: 'single_choice' | 'multiple_choice'; answered: number; options: OptionCount[] }
  | { id: string; type: 'text'; answered: number; answers: string[] };

/** A question in a breakdown group: withheld shows only how many answered. */
export type GroupQuestionResult = Exclude<QuestionResult, { type: 'text' }> | { id: string; type: SurveyQuestion['type']; answered: number; withheld: true };

export interface GroupResult {
  /** The department or wave name; null for responses without one. */
  label: string | null;
  responded: number;
  questions: GroupQuestionResult[];
}

export interface Breakdown {
  groups: GroupResult[];
  /** Groups not shown under the anonymity rule. */
  withheldGroups: number;
}

export interface SurveyResults {
  invited: number;
  responded: number;
  /** responded / invited, 0…1; null when nobody was invited. */
  responseRate: number | null;
  questions: QuestionResult[];
  byDepartment: Breakdown;
  byWave: Breakdown;
}

export function surveyResults({ survey, invited, responses }: ResultsInput): SurveyResults {
  return {
    invited,
    responded: responses.length,
    responseRate: invited > 0 ? round(responses.length / invited, 4) : null,
    questions: survey.questions.map((question) => summarize(question, responses, survey.anonymous)),
    byDepartment: breakdown(survey, responses, (row) => row.department),
    byWave: breakdown(survey, responses, (row) => row.wave),
  };
}

function breakdown(
  survey: ResultsInput['survey'],
  responses: readonly ResponseRow[],
  labelOf: (row: ResponseRow) => string | null,
): Breakdown {
  const rowsByLabel = new Map<string | null, ResponseRow[]>();
  for (const row of responses) {
    const label = labelOf(row);
    const rows = rowsByLabel.get(label);
    if (rows) rows.push(row);
    else rowsByLabel.set(label, [row]);
  }
  const ordered = [...rowsByLabel.entries()].sort(([a], [b]) => compareLabels(a, b));
  const withheld = survey.anonymous ? withheldLabels(ordered.map(([label, rows]) => ({ label, size: rows.length }))) : new Set<string | null>();
  const groups = ordered
    .filter(([label]) => !withheld.has(label))
    .map(([label, rows]): GroupResult => ({
      label,
      responded: rows.length,
      questions: survey.questions
        .filter((question) => question.type !== 'text')
        .map((question) => groupQuestion(question, rows, survey.anonymous)),
    }));
  return { groups, withheldGroups: withheld.size };
}

/** Rules 1 and 2 of the anonymity rule, over group sizes. */
export function withheldLabels(groups: readonly { label: string | null; size: number }[]): Set<string | null> {
  const withheld = new Set(groups.filter((group) => group.size < MIN_GROUP_SIZE).map((group) => group.label));
  const shown = groups.filter((group) => !withheld.has(group.label));
  if (withheld.size === 1 && shown.length > 0) {
    const smallest = [...shown].sort((a, b) => a.size - b.size || compareLabels(a.label, b.label))[0];
    if (smallest) withheld.add(smallest.label);
  }
  return withheld;
}

function groupQuestion(question: SurveyQuestion, rows: readonly ResponseRow[], anonymous: boolean): GroupQuestionResult {
  const result = summarize(question, rows, anonymous);
  if (result.type === 'text' || (anonymous && result.answered < MIN_GROUP_SIZE)) {
    return { id: question.id, type: question.type, answered: result.answered, withheld: true };
  }
  return result;
}

function summarize(question: SurveyQuestion, rows: readonly ResponseRow[], anonymous: boolean): QuestionResult {
  const values = rows.map((row) => row.answers[question.id]);
  switch (question.type) {
    case 'rating': {
      const scores = values.filter((value): value is number => isIntIn(value, 1, 5));
      return { id: question.id, type: 'rating', answered: scores.length, average: average(scores), distribution: distribution(scores, 1, 5) };
    }
    case 'nps': {
      const scores = values.filter((value): value is number => isIntIn(value, 0, 10));
      const promoters = scores.filter((score) => score >= 9).length;
      const detractors = scores.filter((score) => score <= 6).length;
      return {
        id: question.id,
        type: 'nps',
        answered: scores.length,
        average: average(scores),
        distribution: distribution(scores, 0, 10),
        promoters,
        passives: scores.length - promoters - detractors,
        detractors,
        nps: scores.length === 0 ? null : round(((promoters - detractors) / scores.length) * 100, 1),
      };
    }
    case 'single_choice':
    case 'multiple_choice': {
      const known = new Set(question.options.map((option) => option.id));
      // Each person counts once per option, whatever the stored shape (a string, a list, repeats).
      const chosen = values
        .map((value) => new Set((Array.isArray(value) ? value : [value]).filter((id): id is string => typeof id === 'string' && known.has(id))))
        .filter((ids) => ids.size > 0);
      return {
        id: question.id,
        type: question.type,
        answered: chosen.length,
        options: question.options.map((option) => {
          const count = chosen.filter((ids) => ids.has(option.id)).length;
          return { id: option.id, count, share: chosen.length === 0 ? 0 : round(count / chosen.length, 4) };
        }),
      };
    }
    case 'text': {
      const answers = values.filter((value): value is string => typeof value === 'string').map((value) => value.trim()).filter((value) => value !== '');
      return { id: question.id, type: 'text', answered: answers.length, answers: anonymous ? answers.sort((a, b) => a.localeCompare(b)) : answers };
    }
  }
}

function isIntIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : round(values.reduce((sum, value) => sum + value, 0) / values.length, 2);
}

function distribution(values: readonly number[], min: number, max: number): ValueCount[] {
  const out: ValueCount[] = [];
  for (let value = min; value <= max; value++) out.push({ value, count: values.filter((v) => v === value).length });
  return out;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Named groups in name order, the unnamed group last. */
function compareLabels(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b);
}
