/**
 * Reads a survey definition file (YAML or JSON text) and either returns the
 * survey or EVERY problem found, each with its path and, when it can be found,
 * the file line. A file with any problem yields no survey at all, so nothing
 * is ever scheduled from a half-valid file.
 */
import { duplicates, formatPath, parseLocatedFile, type FileProblem, type LocatedProblem, type PathSegment } from '../config-files/located-problems.js';
import { surveyDefinitionSchema, type SurveyDefinition } from './definition-schema.js';

export * from './definition-schema.js';
export { formatPath };

/** Where in the definition (e.g. `questions[2].title.zh-CN`), the file line when it can be found, and what is wrong. */
export type DefinitionProblem = FileProblem;

export type ParseSurveyResult = { ok: true; survey: SurveyDefinition } | { ok: false; problems: DefinitionProblem[] };

export function parseSurveyDefinition(text: string, fileName: string): ParseSurveyResult {
  const parsed = parseLocatedFile(text, fileName, surveyDefinitionSchema, { crossChecks: crossFieldProblems, holds: 'one survey' });
  return parsed.ok ? { ok: true, survey: parsed.value } : parsed;
}

/**
 * Checks that span fields. They run on the raw file, tolerant of any shape,
 * so a duplicate id is reported together with, say, a missing translation.
 */
function crossFieldProblems(raw: Record<string, unknown>): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const questions = Array.isArray(raw.questions) ? (raw.questions as unknown[]) : [];
  problems.push(...duplicateIds(questions, (index) => ['questions', index, 'id'], 'question'));
  questions.forEach((question, questionIndex) => {
    if (!isRecord(question)) return;
    const options = Array.isArray(question.options) ? (question.options as unknown[]) : [];
    problems.push(...duplicateIds(options, (index) => ['questions', questionIndex, 'options', index, 'id'], 'option'));
    if (question.type === 'multiple_choice' && typeof question.maxSelections === 'number' && question.maxSelections > options.length) {
      problems.push({ path: ['questions', questionIndex, 'maxSelections'], message: `is more than the ${options.length} options` });
    }
  });
  const closesAfterDays = typeof raw.closesAfterDays === 'number' ? raw.closesAfterDays : 7;
  if (typeof raw.reminderAfterHours === 'number' && raw.reminderAfterHours >= closesAfterDays * 24) {
    problems.push({
      path: ['reminderAfterHours'],
      message: `must come before the survey closes (closesAfterDays ${closesAfterDays} = ${closesAfterDays * 24} hours)`,
    });
  }
  return problems;
}

function duplicateIds(items: readonly unknown[], pathOf: (index: number) => PathSegment[], what: string): LocatedProblem[] {
  const idOf = (item: unknown) => (isRecord(item) && typeof item.id === 'string' ? item.id : undefined);
  return duplicates(items, idOf, pathOf, (id, first) => `${what} id "${id}" is already used by ${what} ${first + 1}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
