/**
 * Question/answer sheets (.csv): one article version per row.
 * Columns: question, answer, lang (required unless the file sits in a language
 * folder), and optionally title, tags, audience, slug; other columns go to meta.
 */
import type { ImportProblem, Lang, ParsedArticleVersion } from '../types.js';
import { readCsvRecords } from './csv-records.js';
import { parseAudience, parseLang, parseList } from './fields.js';
import type { ParseResult } from './parse-markdown.js';

export interface CsvSource {
  path: string;
  sourcePath: string;
  /** Slug prefix for rows without a slug column: the file's slug (`faq` → `faq-1`, `faq-2`…). */
  slugBase: string;
  folderLang?: Lang;
  text: string;
}

const KNOWN_COLUMNS = new Set(['question', 'answer', 'lang', 'title', 'tags', 'audience', 'slug']);

export function parseCsvSheet(source: CsvSource): ParseResult {
  const problems: ImportProblem[] = [];
  const report = (line: number, message: string): void => {
    problems.push({ path: source.path, line, message });
  };
  const { records, problem } = readCsvRecords(source.text.replace(/^\uFEFF/, ''));
  if (problem !== undefined) {
    report(problem.line, problem.message);
    return { versions: [], problems };
  }
  const [header, ...rows] = records;
  if (header === undefined) {
    report(1, 'the CSV file is empty; it needs a header row with question, answer and lang columns');
    return { versions: [], problems };
  }
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const required = source.folderLang === undefined ? ['question', 'answer', 'lang'] : ['question', 'answer'];
  const missing = required.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    report(header.line, `the header row has no ${missing.join(', ')} column (found: ${columns.join(', ')})`);
  }
  const duplicate = columns.find((name, index) => name !== '' && columns.indexOf(name) !== index);
  if (duplicate !== undefined) report(header.line, `the header row has the column "${duplicate}" twice`);
  if (problems.length > 0) return { versions: [], problems };

  const versions: ParsedArticleVersion[] = [];
  rows.forEach((row, index) => {
    if (row.fields.length !== columns.length) {
      report(row.line, `the row has ${row.fields.length} columns but the header has ${columns.length}`);
      return;
    }
    const cell = (name: string): string => (row.fields[columns.indexOf(name)] ?? '').trim();
    const version = parseRow(cell, row.line, index + 1, columns, row.fields, source, report);
    if (version !== undefined) versions.push(version);
  });
  return { versions, problems };
}

function parseRow(
  cell: (name: string) => string,
  line: number,
  rowNumber: number,
  columns: string[],
  values: string[],
  source: CsvSource,
  report: (line: number, message: string) => void,
): ParsedArticleVersion | undefined {
  const before = { count: 0 };
  const fail = (message: string): void => {
    before.count++;
    report(line, message);
  };
  const question = cell('question');
  const answer = cell('answer');
  if (question === '') fail('the question is empty');
  if (answer === '') fail('the answer is empty');

  let lang: Lang | undefined = source.folderLang;
  const langText = columns.includes('lang') ? cell('lang') : '';
  if (langText !== '') {
    const parsed = parseLang(langText);
    if (parsed.ok) lang = parsed.value;
    else fail(parsed.message);
  } else if (lang === undefined) {
    fail('the lang is empty (use en or zh-CN)');
  }
  const tags = parseList(cell('tags'), 'tags');
  const audience = parseAudience(cell('audience'));
  if (!audience.ok) fail(audience.message);
  if (before.count > 0 || lang === undefined || !audience.ok || !tags.ok) return undefined;

  const meta: Record<string, unknown> = {};
  columns.forEach((name, index) => {
    if (name !== '' && !KNOWN_COLUMNS.has(name)) meta[name] = values[index] ?? '';
  });
  const slug = cell('slug') || `${source.slugBase}-${rowNumber}`;
  return {
    slug,
    lang,
    title: cell('title') || question,
    body: answer,
    tags: tags.value,
    audience: audience.value,
    meta,
    sourcePath: source.sourcePath,
    sourceLine: line,
    alternates: [question],
  };
}
