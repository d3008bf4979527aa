import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, formatEvalReport, loadQuestions, parseQuestions, type EvalQuestion, type EvalResult } from '../../src/knowledge/eval.js';
import { KnowledgeIndex } from '../../src/knowledge/search/index.js';
import { KB_DIR, sharedDocs } from './fixtures.js';

describe('parseQuestions / loadQuestions', () => {
  it('reads JSONL, maps zh to zh-CN and skips blank lines', () => {
    const text = '{"id":"q1","lang":"en","question":"How?","expected":["a"]}\n\n{"id":"q2","lang":"zh","question":"怎么？","expected":["a","b"]}\n';
    expect(parseQuestions(text)).toEqual([
      { id: 'q1', lang: 'en', question: 'How?', expected: ['a'] },
      { id: 'q2', lang: 'zh-CN', question: '怎么？', expected: ['a', 'b'] },
    ]);
  });

  it('names the file and line of a bad line', () => {
    const ok = '{"id":"q1","lang":"en","question":"How?","expected":["a"]}';
    expect(() => parseQuestions(`${ok}\n{"id": "q2", "lang": "en",`, 'dev.jsonl')).toThrow(/^dev\.jsonl line 2: not valid JSON/);
    expect(() => parseQuestions(`${ok}\n${ok}\n{"id":"q3","lang":"fr","question":"Comment?","expected":["a"]}`, 'dev.jsonl')).toThrow(
      /^dev\.jsonl line 3: unknown lang "fr"/,
    );
    expect(() => parseQuestions('{"id":"q1","lang":"en","question":"How?","expected":[]}', 'dev.jsonl')).toThrow(/line 1: "expected" must be a non-empty list/);
    expect(() => parseQuestions('{"id":"q1","lang":"en","expected":["a"]}', 'dev.jsonl')).toThrow(/line 1: "question" must be a non-empty text/);
    expect(() => parseQuestions('[1,2]', 'dev.jsonl')).toThrow(/line 1: expected an object/);
  });

  it('loads a file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kb-eval-'));
    try {
      const file = path.join(dir, 'q.jsonl');
      await writeFile(file, '{"id":"q1","lang":"zh-CN","question":"怎么？","expected":["a"]}\n');
      expect(await loadQuestions(file)).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('evaluate', () => {
  const questions: EvalQuestion[] = [
    { id: 'e1', lang: 'en', question: 'first', expected: ['a'] },
    { id: 'e2', lang: 'en', question: 'second', expected: ['b', 'x'] },
    { id: 'z1', lang: 'zh-CN', question: 'third', expected: ['c'] },
    { id: 'z2', lang: 'zh-CN', question: 'fourth', expected: ['d'] },
  ];
  const answers: Record<string, string[]> = {
    first: ['a', 'b'], // rank 1
    second: ['a', 'c', 'x'], // rank 3
    third: ['a', 'c'], // rank 2
    fourth: ['a', 'b', 'c'], // not found
  };
  const result = evaluate({ search: (query) => (answers[query] ?? []).map((slug) => ({ slug })) }, questions);

  it('computes recall@1, recall@3 and MRR@10 overall and per language', () => {
    expect(result.overall).toEqual({ n: 4, recallAt1: 0.25, recallAt3: 0.75, mrrAt10: (1 + 1 / 3 + 1 / 2) / 4 });
    expect(result.byLang.en).toEqual({ n: 2, recallAt1: 0.5, recallAt3: 1, mrrAt10: (1 + 1 / 3) / 2 });
    expect(result.byLang['zh-CN']).toEqual({ n: 2, recallAt1: 0, recallAt3: 0.5, mrrAt10: 0.25 });
  });

  it('lists the questions whose first hit is wrong, with the top 3', () => {
    expect(result.misses.map((miss) => miss.id)).toEqual(['e2', 'z1', 'z2']);
    expect(result.misses[0]).toEqual({ id: 'e2', lang: 'en', question: 'second', expected: ['b', 'x'], got: ['a', 'c', 'x'] });
  });

  it('formats a readable report', () => {
    const report = formatEvalReport(result);
    expect(report).toMatch(/overall\s+4\s+25\.0%\s+75\.0%\s+0\.458/);
    expect(report).toMatch(/zh-CN\s+2\s+0\.0%\s+50\.0%\s+0\.250/);
    expect(report).toContain('Misses (first hit not expected): 3');
    expect(report).toContain('expected: b, x');
  });
});

/**
 * Regression guard on the shared dev set (40 questions). The floor is below
 * what the index reaches (about 0.9) so that small, honest ranking changes do
 * not fail it; a real regression does.
 */
describe('quality on the shared Odoo HR dev questions', () => {
  let hrOnly: EvalResult;
  let withDistractors: EvalResult;

  beforeAll(async () => {
    const questions = await loadQuestions(`${KB_DIR}odoo-hr/dev-questions.jsonl`);
    const hr = await sharedDocs('odoo-hr');
    const crm = await sharedDocs('odoo-crm');
    hrOnly = evaluate(new KnowledgeIndex(hr), questions, { k: 10 });
    withDistractors = evaluate(new KnowledgeIndex([...hr, ...crm]), questions, { k: 10 });
  });

  it('keeps MRR@10 at or above 0.80 overall and 0.75 per language', () => {
    expect(hrOnly.overall.n).toBe(40);
    expect(hrOnly.overall.mrrAt10).toBeGreaterThanOrEqual(0.8);
    expect(hrOnly.byLang.en.mrrAt10).toBeGreaterThanOrEqual(0.75);
    expect(hrOnly.byLang['zh-CN'].mrrAt10).toBeGreaterThanOrEqual(0.75);
    expect(hrOnly.overall.recallAt3).toBeGreaterThanOrEqual(0.9);
  });

  it('rarely lets CRM articles take HR questions', () => {
    expect(withDistractors.overall.mrrAt10).toBeGreaterThanOrEqual(0.8);
    // Known today: two questions about "team" objectives/teams that CRM's sales-team pages match word for word.
    const crmWins = withDistractors.misses.filter((miss) => miss.got[0]?.startsWith('crm--'));
    expect(crmWins.length).toBeLessThanOrEqual(2);
  });
});
