/** Survey results with hand-computed expectations, and the anonymity rule for breakdowns. */
import { describe, expect, it } from 'vitest';
import type { SurveyQuestion } from '../../src/surveys/definition.js';
import { surveyResults, withheldLabels, type ResponseRow } from '../../src/surveys/results.js';

const t = (en: string) => ({ en, 'zh-CN': en });
const option = (id: string) => ({ id, label: t(id) });
const questions: SurveyQuestion[] = [
  { id: 'ease', type: 'rating', title: t('Ease'), required: true },
  { id: 'rec', type: 'nps', title: t('Recommend'), required: true },
  { id: 'module', type: 'single_choice', title: t('Module'), required: true, options: [option('hr'), option('finance'), option('sales')] },
  { id: 'pains', type: 'multiple_choice', title: t('Pains'), required: false, options: [option('login'), option('speed'), option('reports')] },
  { id: 'comment', type: 'text', title: t('Comment'), required: false, maxLength: 1000 },
];
const row = (answers: Record<string, unknown>, department: string | null, wave: string | null = 'W1'): ResponseRow => ({ answers, department, wave });

const mixed: ResponseRow[] = [
  row({ ease: 5, rec: 10, module: 'hr', pains: ['login', 'speed'], comment: 'Great' }, 'Finance', 'W1'),
  row({ ease: 4, rec: 9, module: 'hr', pains: ['speed'], comment: '  ' }, 'Finance', 'W1'),
  row({ ease: 3, rec: 8, module: 'finance', pains: [] }, 'HR', 'W1'),
  row({ ease: 2, rec: 6, module: 'finance', pains: ['login'], comment: ' Slow login ' }, 'HR', 'W2'),
  row({ ease: 1, rec: 0, module: 'bogus', pains: ['login', 'login'] }, null, 'W2'),
  row({ ease: 'x', rec: 9, pains: 'speed' }, 'Finance', 'W2'),
];

describe('surveyResults (named survey)', () => {
  const results = surveyResults({ survey: { anonymous: false, questions }, invited: 10, responses: mixed });

  it('computes the response rate', () => {
    expect(results).toMatchObject({ invited: 10, responded: 6, responseRate: 0.6 });
    expect(surveyResults({ survey: { anonymous: false, questions }, invited: 0, responses: [] }).responseRate).toBeNull();
  });

  it('averages ratings and ignores values outside 1–5', () => {
    // 5 + 4 + 3 + 2 + 1 = 15 over 5 valid answers; "x" is not an answer.
    expect(results.questions[0]).toEqual({
      id: 'ease', type: 'rating', answered: 5, average: 3,
      distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: 1 })),
    });
  });

  it('computes NPS: 3 promoters (10, 9, 9), 1 passive (8), 2 detractors (6, 0) of 6 → (3 − 2) / 6 = 16.7', () => {
    const nps = results.questions[1];
    expect(nps).toMatchObject({ type: 'nps', answered: 6, promoters: 3, passives: 1, detractors: 2, nps: 16.7, average: 7 });
    if (nps?.type === 'nps') expect(nps.distribution.filter((d) => d.count > 0)).toEqual([
      { value: 0, count: 1 }, { value: 6, count: 1 }, { value: 8, count: 1 }, { value: 9, count: 2 }, { value: 10, count: 1 },
    ]);
  });

  it('gives NPS −100 and 100 at the extremes and null without answers', () => {
    const nps = (scores: number[]) =>
      surveyResults({ survey: { anonymous: false, questions }, invited: 5, responses: scores.map((rec) => row({ rec }, 'A')) }).questions[1];
    expect(nps([0, 3, 6])).toMatchObject({ nps: -100 });
    expect(nps([9, 10])).toMatchObject({ nps: 100 });
    expect(nps([7, 8])).toMatchObject({ nps: 0, passives: 2 });
    expect(nps([])).toMatchObject({ nps: null, average: null, answered: 0 });
  });

  it('counts single choices over those who chose a known option', () => {
    expect(results.questions[2]).toEqual({
      id: 'module', type: 'single_choice', answered: 4,
      options: [{ id: 'hr', count: 2, share: 0.5 }, { id: 'finance', count: 2, share: 0.5 }, { id: 'sales', count: 0, share: 0 }],
    });
  });

  it('counts each person once per option in multiple choice; shares add up to more than 1', () => {
    // Answered: {login, speed}, {speed}, {login}, {login} (repeated), {speed} (stored as a string) = 5; [] is no answer.
    expect(results.questions[3]).toEqual({
      id: 'pains', type: 'multiple_choice', answered: 5,
      options: [{ id: 'login', count: 3, share: 0.6 }, { id: 'speed', count: 3, share: 0.6 }, { id: 'reports', count: 0, share: 0 }],
    });
  });

  it('lists free text trimmed, blank answers dropped, in response order', () => {
    expect(results.questions[4]).toEqual({ id: 'comment', type: 'text', answered: 2, answers: ['Great', 'Slow login'] });
  });

  it('breaks down by department (names first, unknown last) with every group shown', () => {
    expect(results.byDepartment.withheldGroups).toBe(0);
    expect(results.byDepartment.groups.map((g) => [g.label, g.responded])).toEqual([['Finance', 3], ['HR', 2], [null, 1]]);
    const finance = results.byDepartment.groups[0];
    expect(finance?.questions.map((q) => q.id)).toEqual(['ease', 'rec', 'module', 'pains']);
    expect(finance?.questions[0]).toMatchObject({ answered: 2, average: 4.5 });
    expect(finance?.questions[1]).toMatchObject({ answered: 3, promoters: 3, nps: 100 });
    expect(results.byWave.groups.map((g) => [g.label, g.responded])).toEqual([['W1', 3], ['W2', 3]]);
  });
});

describe('withheldLabels (anonymity rule)', () => {
  const sizes = (entries: [string | null, number][]) => withheldLabels(entries.map(([label, size]) => ({ label, size })));

  it('withholds nothing when every group has at least 5', () => {
    expect(sizes([['A', 5], ['B', 9]])).toEqual(new Set());
  });

  it('withholds a group under 5 and then the smallest shown group, so subtraction cannot recover it', () => {
    expect(sizes([['A', 10], ['B', 6], ['C', 3]])).toEqual(new Set(['C', 'B']));
  });

  it('breaks a tie for the second group by label', () => {
    expect(sizes([['B', 5], ['A', 5], ['C', 4]])).toEqual(new Set(['C', 'A']));
  });

  it('adds nothing when two groups are already withheld', () => {
    expect(sizes([['A', 10], ['B', 2], ['C', 3]])).toEqual(new Set(['B', 'C']));
  });

  it('treats responses without a department as a group too', () => {
    expect(sizes([['A', 5], [null, 1]])).toEqual(new Set([null, 'A']));
  });

  it('withholds a lone small group (nothing is shown beside it)', () => {
    expect(sizes([['A', 4]])).toEqual(new Set(['A']));
  });
});

describe('surveyResults (anonymous survey)', () => {
  // Finance 6 (only 3 answer the NPS question), HR 5, Sales 2: Sales is under 5, so HR (the smallest shown) goes too.
  const responses: ResponseRow[] = [
    ...[5, 4, 4, 3, 5, 3].map((ease, index) => row({ ease, ...(index < 3 ? { rec: 10 } : {}), comment: `finance ${index}` }, 'Finance')),
    ...[2, 2, 3, 3, 5].map((ease) => row({ ease, rec: 5 }, 'HR')),
    row({ ease: 1, rec: 0, comment: 'b sales' }, 'Sales'),
    row({ ease: 1, rec: 0, comment: 'a sales' }, 'Sales'),
  ];
  const results = surveyResults({ survey: { anonymous: true, questions }, invited: 20, responses });

  it('shows totals over everyone, including withheld groups', () => {
    expect(results.responded).toBe(13);
    // (24 + 15 + 2) / 13 = 3.1538…
    expect(results.questions[0]).toMatchObject({ answered: 13, average: 3.15 });
    // 3 promoters, 7 detractors (5 × 5, 2 × 0) of 10 → −40.
    expect(results.questions[1]).toMatchObject({ answered: 10, nps: -40 });
  });

  it('shows only groups of 5 or more, not revealing a lone small one by subtraction', () => {
    expect(results.byDepartment.withheldGroups).toBe(2);
    expect(results.byDepartment.groups.map((g) => [g.label, g.responded])).toEqual([['Finance', 6]]);
  });

  it('withholds a question answered by fewer than 5 inside a shown group', () => {
    const finance = results.byDepartment.groups[0];
    expect(finance?.questions[0]).toMatchObject({ answered: 6, average: 4 });
    expect(finance?.questions[1]).toEqual({ id: 'rec', type: 'nps', answered: 3, withheld: true });
  });

  it('sorts free text so its order does not tell who answered when, and never lists it per group', () => {
    const comment = results.questions[4];
    expect(comment?.type === 'text' ? comment.answers : []).toEqual(['a sales', 'b sales', 'finance 0', 'finance 1', 'finance 2', 'finance 3', 'finance 4', 'finance 5']);
    expect(results.byWave.groups[0]?.questions.some((q) => q.id === 'comment')).toBe(false);
  });

  it('shows the wave breakdown when its one group is large enough', () => {
    expect(results.byWave).toMatchObject({ withheldGroups: 0, groups: [{ label: 'W1', responded: 13 }] });
  });
});
