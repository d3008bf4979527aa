/**
 * Reads a survey definition file (YAML or JSON text) and either returns the
 * survey or EVERY problem found, each with its path and, when it can be found,
 * the file line. A file with any problem yields no survey at all, so nothing
 * is ever scheduled from a half-valid file.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { surveyDefinitionSchema, type SurveyDefinition } from './definition-schema.js';

export * from './definition-schema.js';

export interface DefinitionProblem {
  /** Where in the definition, e.g. `questions[2].title.zh-CN`; empty for the whole file. */
  path: string;
  /** 1-based line in the file, when the text at (or nearest above) the path can be located. */
  line?: number;
  message: string;
}

export type ParseSurveyResult = { ok: true; survey: SurveyDefinition } | { ok: false; problems: DefinitionProblem[] };

type PathSegment = string | number;

export function parseSurveyDefinition(text: string, fileName: string): ParseSurveyResult {
  const lineCounter = new LineCounter();
  // JSON is YAML too, so one parser gives line numbers for both formats.
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        path: '',
        line: error.linePos?.[0]?.line ?? 1,
        message: `${fileName} is not valid ${fileName.endsWith('.json') ? 'JSON' : 'YAML'}: ${error.message.split('\n')[0] ?? error.message}`,
      })),
    };
  }
  const raw: unknown = document.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [{ path: '', line: 1, message: `${fileName} must hold one survey (a map of "key: value")` }] };
  }

  const parsed = surveyDefinitionSchema.safeParse(raw);
  const located: { path: PathSegment[]; message: string }[] = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap(issueProblems)),
    ...crossFieldProblems(raw as Record<string, unknown>),
  ];
  if (parsed.success && located.length === 0) return { ok: true, survey: parsed.data };

  const problems = located.map(({ path, message }): DefinitionProblem => {
    const line = lineOf(document, lineCounter, path);
    return { path: formatPath(path), ...(line === undefined ? {} : { line }), message };
  });
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: false, problems };
}

function issueProblems(issue: z.core.$ZodIssue): { path: PathSegment[]; message: string }[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    // One problem per unknown key, pointing at the key itself: usually a typo.
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}"` }));
  }
  return [{ path, message: issue.message }];
}

/**
 * Checks that span fields. They run on the raw file, tolerant of any shape,
 * so a duplicate id is reported together with, say, a missing translation.
 */
function crossFieldProblems(raw: Record<string, unknown>): { path: PathSegment[]; message: string }[] {
  const problems: { path: PathSegment[]; message: string }[] = [];
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

function duplicateIds(items: readonly unknown[], pathOf: (index: number) => PathSegment[], what: string) {
  const firstIndex = new Map<string, number>();
  const problems: { path: PathSegment[]; message: string }[] = [];
  items.forEach((item, index) => {
    if (!isRecord(item) || typeof item.id !== 'string') return;
    const first = firstIndex.get(item.id);
    if (first === undefined) firstIndex.set(item.id, index);
    else problems.push({ path: pathOf(index), message: `${what} id "${item.id}" is already used by ${what} ${first + 1}` });
  });
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `['questions', 2, 'title', 'zh-CN']` → `questions[2].title.zh-CN`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/**
 * The line of the deepest node that exists along the path: for a missing
 * `title.zh-CN` that is the `title` line, the nearest place to add it.
 * For map entries it is the key's line, which is where an author looks.
 */
function lineOf(document: Document, lineCounter: LineCounter, path: readonly PathSegment[]): number | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined = (document.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
