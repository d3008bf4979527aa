/**
 * Every metric against hand-computed answers from metrics-seed.ts, on a real
 * database (PostgreSQL or PGlite). The arithmetic is written out beside each
 * expectation so a reader can check it against the seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTenantMetrics, figuresOf, scopeKey, type TenantMetrics } from '../../src/adoption/metrics.js';
import { gapsByDepartment, notYetActive, topGaps } from '../../src/adoption/gaps.js';
import { rebuildUsageWeeks } from '../../src/adoption/usage.js';
import { weekOf, weeksEndingWith, lastFullWeekStart, isoWeekLabel, parseWeekStart, weekStartOf } from '../../src/adoption/weeks.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';
import { seedMetricsTenant, TZ, WEEK_A, WEEK_B, type SeededTenant } from './metrics-seed.js';

let db: TestDatabase;
let seed: SeededTenant;
let metrics: TenantMetrics;

beforeAll(async () => {
  db = await createTestDatabase();
  seed = await seedMetricsTenant(db.prisma);
  // A second tenant with the same names must not leak into the first one's figures.
  await seedMetricsTenant(db.prisma, 'T-OTHER');
  metrics = await computeTenantMetrics(db.prisma, seed.tenantId, weeksEndingWith(WEEK_B, 2, TZ));
});
afterAll(async () => {
  await db?.drop();
});

const B = (key: string) => figuresOf(metrics, key, WEEK_B);
const A = (key: string) => figuresOf(metrics, key, WEEK_A);
const dept = (id: string) => scopeKey('department', id);
const wave = (id: string) => scopeKey('wave', id);

describe('ISO weeks in the tenant time zone', () => {
  it('start on Monday 00:00 local time', () => {
    const week = weekOf(WEEK_B, TZ);
    expect(week.from.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(week.to.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(week.label).toBe('2026-W49');
    expect(isoWeekLabel(parseWeekStart('2024-12-30'))).toBe('2025-W01');
    expect(weekStartOf(new Date('2026-11-29T16:30:00Z'), TZ)).toBe(WEEK_B);
    expect(weekStartOf(new Date('2026-11-29T16:30:00Z'), 'UTC')).toBe(WEEK_A);
    expect(lastFullWeekStart(new Date('2026-12-07T01:00:00Z'), TZ)).toBe(WEEK_B);
  });

  it('reject dates that are not Mondays, with the reason', () => {
    expect(() => weekOf('2026-12-01', TZ)).toThrow(/does not start on a Monday/);
    expect(() => weekOf('2026-02-30', TZ)).toThrow(/is not a date/);
  });
});

describe('weekly metrics', () => {
  it('active users of the system and coverage, per tenant, department and wave', () => {
    // Week B: f1 f2 f3 s1, and f5 at Monday 00:00:00 local; f4 at Sunday 23:59:59 is week A; x is not rostered.
    expect([B('tenant').systemActive, B('tenant').rostered, B('tenant').coverage]).toEqual([5, 10, 0.5]);
    expect([B(dept(seed.finance)).systemActive, B(dept(seed.finance)).rostered, B(dept(seed.finance)).coverage]).toEqual([4, 7, 0.5714]);
    expect([B(dept(seed.sales)).systemActive, B(dept(seed.sales)).coverage]).toEqual([1, 0.3333]);
    expect([B(wave(seed.w1)).systemActive, B(wave(seed.w1)).coverage]).toEqual([4, 0.8]);
    expect([B(wave(seed.w2)).systemActive, B(wave(seed.w2)).coverage]).toEqual([1, 0.2]);
    // Week A: f1 and f4.
    expect([A('tenant').systemActive, A('tenant').coverage, A(dept(seed.finance)).systemActive, A(dept(seed.sales)).systemActive]).toEqual([2, 0.2, 2, 0]);
  });

  it('active users of the bot and questions per active user', () => {
    // Asked: f1 f2 f3 s1; feedback: f1; adoption event: f6 (Eve the engineer is not rostered).
    expect(B('tenant').botActive).toBe(5);
    expect(B('tenant').questions).toBe(8);
    expect(B('tenant').questionsPerActiveUser).toBe(1.6); // 8 / 5
    expect([B(dept(seed.finance)).botActive, B(dept(seed.finance)).questions, B(dept(seed.finance)).questionsPerActiveUser]).toEqual([4, 6, 1.5]);
    expect([B(dept(seed.sales)).botActive, B(dept(seed.sales)).questionsPerActiveUser]).toEqual([1, 2]);
    expect([B(wave(seed.w2)).botActive, B(wave(seed.w2)).questionsPerActiveUser]).toEqual([1, 0]);
  });

  it('self-service rate counts answered questions that were never escalated', () => {
    // q1 and q2 answered; q6 was answered but then escalated; the rest unanswered or escalated.
    expect(B('tenant').selfServiceRate).toBe(0.25); // 2 / 8
    expect(B(dept(seed.finance)).selfServiceRate).toBe(0.3333); // 2 / 6
    expect(B(dept(seed.sales)).selfServiceRate).toBe(0); // 0 / 2
  });

  it('helpful rate over the feedback on the week\'s questions', () => {
    expect([B('tenant').helpful, B('tenant').feedback, B('tenant').helpfulRate]).toEqual([1, 2, 0.5]);
    expect(B(dept(seed.sales)).helpfulRate).toBeNull();
  });

  it('escalation median minutes to claim and to resolve, and CSAT', () => {
    // Claims 10, 30, 20 → 20; resolutions 130, 60 (one open) → 95; CSAT (4 + 2) / 2.
    expect(B('tenant')).toMatchObject({ escalations: 3, medianMinutesToClaim: 20, medianMinutesToResolve: 95, csatResponses: 2, csat: 3 });
    expect(B(dept(seed.finance))).toMatchObject({ escalations: 2, medianMinutesToClaim: 15, medianMinutesToResolve: 95, csat: 3 });
    expect(B(dept(seed.sales))).toMatchObject({ escalations: 1, medianMinutesToClaim: 30, medianMinutesToResolve: null, csat: null });
  });

  it('survey response rate and NPS, withheld below 5 answers', () => {
    expect([B('tenant').surveyInvites, B('tenant').surveyResponses, B('tenant').surveyResponseRate]).toEqual([4, 3, 0.75]);
    expect(B(dept(seed.finance)).surveyResponseRate).toBe(0.6667); // 2 / 3
    expect(B(dept(seed.sales)).surveyResponseRate).toBe(1);
    // Tenant: 7 answers, promoters 10 9 10 9, detractors 6 3 → (4 − 2) / 7 = 28.6.
    expect([B('tenant').npsAnswers, B('tenant').nps]).toEqual([7, 28.6]);
    // Finance: 6 answers, promoters 3, detractors 2 → 16.7. Sales: 1 answer → withheld.
    expect([B(dept(seed.finance)).npsAnswers, B(dept(seed.finance)).nps]).toEqual([6, 16.7]);
    expect([B(dept(seed.sales)).npsAnswers, B(dept(seed.sales)).nps]).toEqual([1, null]);
  });

  it('a quiet week reads as zeros with the roster size', () => {
    expect(A(dept(seed.sales))).toMatchObject({ rostered: 3, systemActive: 0, coverage: 0, questions: 0, selfServiceRate: null, nps: null });
  });
});

describe('knowledge gaps and people not using the system yet', () => {
  it('groups unanswered questions by text with case and spacing folded, most asked first', async () => {
    const rows = await gapsByDepartment(db.prisma, seed.tenantId, weekOf(WEEK_B, TZ));
    expect(topGaps(rows, undefined, 3)).toEqual([
      { text: 'How do I post an invoice?', asked: 2 },
      { text: 'Reset password', asked: 2 },
      { text: 'Where is the sales report?', asked: 1 },
    ]);
    expect(topGaps(rows, new Set([seed.sales]), 3)).toEqual([{ text: 'Where is the sales report?', asked: 1 }]);
  });

  it('lists rostered people without any usage before the end of the week', async () => {
    const rows = await notYetActive(db.prisma, seed.tenantId, weekOf(WEEK_B, TZ), [seed.finance, seed.sales]);
    // f6 used it only on the next Monday; f4 used it in week A.
    expect(rows.map((r) => r.name)).toEqual(['Finance f6', 'Finance f7', 'Sales s2', 'Sales s3']);
  });
});

describe('the weekly usage rollup', () => {
  const rollup = async () =>
    (await db.prisma.usageWeek.findMany({ where: { tenantId: seed.tenantId }, orderBy: [{ weekStart: 'asc' }, { userId: 'asc' }] })).map(
      (r) => `${r.weekStart.toISOString().slice(0, 10)} ${r.userId}`,
    );

  it('is kept by ingestion in tenant-local weeks, and a rebuild from the events gives the same rows', async () => {
    const kept = await rollup();
    const p = seed.people;
    // f4 at Sunday 23:59:59 Shanghai is week A; f5 at Monday 00:00:00 is week B; f6 on the next Monday.
    expect(kept).toContain(`${WEEK_A} ${p.f4}`);
    expect(kept).toContain(`${WEEK_B} ${p.f5}`);
    expect(kept).toContain(`2026-12-07 ${p.f6}`);
    expect(kept.filter((k) => k.endsWith(` ${p.f1}`))).toEqual([`${WEEK_A} ${p.f1}`, `${WEEK_B} ${p.f1}`]);
    expect(await rebuildUsageWeeks(db.prisma, seed.tenantId)).toBe(kept.length);
    expect(await rollup()).toEqual(kept);
  });
});

