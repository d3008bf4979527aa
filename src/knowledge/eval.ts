/**
 * Retrieval evaluation: recall@1, recall@3 and MRR@k of a search index on a
 * set of questions with the slugs that answer them, overall and per language.
 */
import { readFile } from 'node:fs/promises';
import { LANGS, type Lang, type Role, type SearchOptions } from './types.js';

export interface EvalQuestion {
  id: string;
  lang: Lang;
  question: string;
  /** Slugs of articles that answer the question; a hit on any of them is correct. */
  expected: string[];
}

export interface RetrievalMetrics {
  n: number;
  recallAt1: number;
  recallAt3: number;
  /** Mean reciprocal rank of the first correct hit within the top k (k = 10 by default). */
  mrrAt10: number;
}

export interface EvalMiss {
  id: string;
  lang: Lang;
  question: string;
  expected: string[];
  /** Slugs of the top 3 hits. */
  got: string[];
}

export interface EvalResult {
  k: number;
  overall: RetrievalMetrics;
  byLang: Record<Lang, RetrievalMetrics>;
  /** Questions whose first hit is not an expected article. */
  misses: EvalMiss[];
}

/** Anything that searches like KnowledgeIndex (baselines in the benchmark too). */
export interface Searchable {
  search(query: string, options: SearchOptions): readonly { slug: string }[];
}

export interface EvaluateOptions {
  k?: number;
  role?: Role;
}

export function evaluate(index: Searchable, questions: readonly EvalQuestion[], options: EvaluateOptions = {}): EvalResult {
  const k = options.k ?? 10;
  const ranks: { question: EvalQuestion; rank: number }[] = [];
  const misses: EvalMiss[] = [];
  for (const question of questions) {
    const hits = index.search(question.question, { lang: question.lang, role: options.role ?? 'end_user', limit: k });
    const slugs = hits.map((hit) => hit.slug);
    const position = slugs.findIndex((slug) => question.expected.includes(slug));
    ranks.push({ question, rank: position < 0 ? 0 : position + 1 });
    if (position !== 0) {
      misses.push({ id: question.id, lang: question.lang, question: question.question, expected: question.expected, got: slugs.slice(0, 3) });
    }
  }
  const metricsOf = (subset: typeof ranks): RetrievalMetrics => {
    const n = subset.length;
    const share = (test: (rank: number) => boolean): number => (n === 0 ? 0 : subset.filter((r) => test(r.rank)).length / n);
    const mrr = n === 0 ? 0 : subset.reduce((sum, r) => sum + (r.rank > 0 ? 1 / r.rank : 0), 0) / n;
    return { n, recallAt1: share((rank) => rank === 1), recallAt3: share((rank) => rank >= 1 && rank <= 3), mrrAt10: mrr };
  };
  const byLang = Object.fromEntries(
    LANGS.map((lang) => [lang, metricsOf(ranks.filter((r) => r.question.lang === lang))]),
  ) as Record<Lang, RetrievalMetrics>;
  return { k, overall: metricsOf(ranks), byLang, misses };
}

/** Reads a JSONL file of {id, lang, question, expected: [slug…]} lines. */
export async function loadQuestions(path: string): Promise<EvalQuestion[]> {
  return parseQuestions(await readFile(path, 'utf8'), path);
}

export function parseQuestions(text: string, path = 'questions'): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${path} line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not valid JSON (${(error as Error).message})`);
    }
    questions.push(questionOf(value, where));
  });
  return questions;
}

function questionOf(value: unknown, where: string): EvalQuestion {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected an object like {"id", "lang", "question", "expected": [slugs]}`);
  }
  const record = value as Record<string, unknown>;
  const text = (key: string): string => {
    const field = record[key];
    if (typeof field !== 'string' || field.trim() === '') throw new Error(`${where}: "${key}" must be a non-empty text`);
    return field;
  };
  const rawLang = text('lang').trim().toLowerCase().replace('_', '-');
  const lang: Lang | undefined = rawLang === 'en' ? 'en' : rawLang === 'zh' || rawLang === 'zh-cn' ? 'zh-CN' : undefined;
  if (lang === undefined) throw new Error(`${where}: unknown lang "${String(record.lang)}" (use en, zh or zh-CN)`);
  const expected = record.expected;
  if (!Array.isArray(expected) || expected.length === 0 || !expected.every((slug) => typeof slug === 'string' && slug !== '')) {
    throw new Error(`${where}: "expected" must be a non-empty list of article slugs`);
  }
  return { id: text('id'), lang, question: text('question'), expected: expected as string[] };
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** A readable table of the metrics followed by the misses. */
export function formatEvalReport(result: EvalResult): string {
  const rows = [
    ['', 'n', 'recall@1', 'recall@3', `MRR@${result.k}`],
    ...(['overall', ...LANGS] as const).map((name) => {
      const m = name === 'overall' ? result.overall : result.byLang[name];
      return [name, String(m.n), percent(m.recallAt1), percent(m.recallAt3), m.mrrAt10.toFixed(3)];
    }),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  if (result.misses.length > 0) {
    lines.push('', `Misses (first hit not expected): ${result.misses.length}`);
    for (const miss of result.misses) {
      lines.push(`  ${miss.id} [${miss.lang}] ${miss.question}`);
      lines.push(`      expected: ${miss.expected.join(', ')}`);
      lines.push(`      got:      ${miss.got.length > 0 ? miss.got.join(', ') : '(nothing)'}`);
    }
  }
  return lines.join('\n');
}
