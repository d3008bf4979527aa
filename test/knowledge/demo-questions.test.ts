/** Everyday questions real users of the demo type, on the demo knowledge base. */
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeIndex, RECOMMENDED_THRESHOLD, rankConsistent } from '../../src/knowledge/search/index.js';
import { analyzeQuery, queryTerms } from '../../src/knowledge/text/query.js';
import type { Lang } from '../../src/knowledge/types.js';
import { demoDocs } from './fixtures.js';

describe('everyday demo questions', () => {
  let demo: KnowledgeIndex;
  beforeAll(async () => {
    demo = new KnowledgeIndex(await demoDocs());
  });

  it.each<[string, Lang, string]>([
    ['how do I submit an expense report', 'en', 'expenses-submit-claim'],
    ['怎么提交报销单？', 'zh-CN', 'expenses-submit-claim'],
    ['How do I cancel my leave?', 'en', 'leave-cancel'],
    ['how many days of leave do I have left', 'en', 'leave-balance'],
    ['我还剩几天年假', 'zh-CN', 'leave-balance'],
  ])('answers "%s" (%s) with %s', (question, lang, slug) => {
    const hits = demo.search(question, { lang });
    expect(hits[0]?.slug).toBe(slug);
    expect(hits[0]!.confidence).toBeGreaterThanOrEqual(RECOMMENDED_THRESHOLD);
  });

  it.each(['怎么提交报销单？', 'How do I cancel my leave?', 'how do I submit an expense report', 'export report to excel', '我还剩几天年假'])(
    'never makes a lower-ranked hit more confident than the answer: %s',
    (question) => {
      const hits = demo.search(question, { limit: 5 });
      for (const hit of hits.slice(1)) expect(hit.confidence).toBeLessThanOrEqual(hits[0]!.confidence);
    },
  );

  it('gives a clearly weaker tail hit its own, lower confidence', () => {
    const [top, second] = demo.search('How do I cancel my leave?', { lang: 'en' });
    expect(second!.score).toBeLessThan(top!.score * 0.8);
    expect(second!.confidence).toBeLessThan(top!.confidence);
  });
});

describe('rankConsistent', () => {
  it('caps tail confidence at the top confidence scaled by relative score, and leaves the top alone', () => {
    const hits = rankConsistent([
      { score: 10, confidence: 0.6 },
      { score: 10, confidence: 0.9 },
      { score: 5, confidence: 0.9 },
      { score: 5, confidence: 0.1 },
    ]);
    expect(hits.map((hit) => hit.confidence)).toEqual([0.6, 0.6, 0.3, 0.1]);
  });
});

describe('compound terms and question words', () => {
  it('reads "expense report" as an expense claim, not as reporting', () => {
    const terms = analyzeQuery('submit an expense report').terms;
    const report = terms.find((term) => term.term === 'report')!;
    expect(terms.find((term) => term.term === 'claim')?.group).toBe(report.group);
    expect(terms.map((term) => term.term)).not.toContain('报表');
    // "report" alone keeps its reporting synonyms.
    expect(queryTerms('run a report')).toContain('报表');
  });

  it('drops question words the segmenter glues to the next word, and function-only segments', () => {
    const terms = queryTerms('我还剩几天年假');
    expect(terms).not.toContain('我还');
    expect(terms).not.toContain('几天');
    expect(terms).toContain('天');
    expect(terms).toContain('年假');
  });
});
