/**
 * Champion scores over seeded rows with hand-computed expectations. The rows
 * are written straight into the tables (not through RecognitionService), so
 * these tests show the SQL itself enforces the anti-gaming limits.
 *
 * Tenant time zone Asia/Shanghai (UTC+8); the week is Monday 2026-11-02 to
 * Sunday 2026-11-08, local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';
import { championScores, digestChampions, weeklyChampions } from '../../src/adoption/champions.js';

let db: TestDatabase;
let tenantId: string;
const ids: Record<string, string> = {};
let finance: string;
let sales: string;

/** An instant given as Shanghai wall time. */
function sh(local: string): Date {
  return new Date(`${local}+08:00`);
}
const WEEK_START = sh('2026-11-02T00:00:00');

beforeAll(async () => {
  db = await createTestDatabase();
  const p = db.prisma;
  const tenant = await p.tenant.create({ data: { platform: 'local', externalId: 'score-test', timezone: 'Asia/Shanghai' } });
  tenantId = tenant.id;
  const other = await p.tenant.create({ data: { platform: 'local', externalId: 'other-tenant' } });
  finance = (await p.department.create({ data: { tenantId, name: 'Finance' } })).id;
  sales = (await p.department.create({ data: { tenantId, name: 'Sales' } })).id;
  const people: [string, string, 'champion' | 'end_user'][] = [
    ['alice', finance, 'champion'],
    ['bob', finance, 'end_user'],
    ['carol', finance, 'end_user'],
    ['dave', finance, 'end_user'],
    ['gina', finance, 'end_user'],
    ['erin', sales, 'end_user'],
    ['frank', sales, 'end_user'],
  ];
  for (const [name, departmentId, role] of people) {
    const user = await p.user.create({
      data: { tenantId, platform: 'local', platformUserId: name, displayName: name[0]!.toUpperCase() + name.slice(1), departmentId, role },
    });
    ids[name] = user.id;
  }
  const give = (giver: string, receiver: string, kind: 'thanks' | 'recognize', at: string, t = tenantId) =>
    p.recognition.create({ data: { tenantId: t, giverId: ids[giver]!, receiverId: ids[receiver]!, kind, createdAt: sh(at) } });

  await give('bob', 'alice', 'thanks', '2026-11-03T10:00:00'); // counts
  await give('carol', 'alice', 'thanks', '2026-11-03T11:00:00'); // counts
  await give('dave', 'alice', 'recognize', '2026-11-04T10:00:00'); // counts
  await give('bob', 'alice', 'recognize', '2026-11-05T10:00:00'); // bob→alice #2 this week: counts
  await give('bob', 'alice', 'recognize', '2026-11-06T10:00:00'); // bob→alice #3 this week: over the pair cap
  await give('alice', 'alice', 'recognize', '2026-11-03T12:00:00'); // self-credit: never counts
  // Gina gives six on Wednesday: the sixth is over the daily limit.
  for (const [i, receiver] of ['bob', 'carol', 'dave', 'erin', 'frank', 'alice'].entries()) {
    await give('gina', receiver, 'recognize', `2026-11-04T09:0${i}:00`);
  }
  // Thursday 00:30 in Shanghai is still Wednesday in UTC: a new local day, so it counts.
  await give('gina', 'alice', 'recognize', '2026-11-05T00:30:00');
  // Bob→carol twice the Sunday before (previous week, outside the window), once this Monday: the Monday one counts.
  await give('bob', 'carol', 'recognize', '2026-11-01T20:00:00');
  await give('bob', 'carol', 'recognize', '2026-11-01T21:00:00');
  await give('bob', 'carol', 'recognize', '2026-11-02T08:00:00');
  // Another tenant's row naming alice never counts here.
  await p.recognition.create({ data: { tenantId: other.id, giverId: ids.bob!, receiverId: ids.alice!, kind: 'thanks', createdAt: sh('2026-11-03T10:00:00') } });

  // Questions: bob's (escalated, claimed by alice), alice's own (she claims it herself: self-credit).
  const q = (user: string, at: string) =>
    p.question.create({ data: { tenantId, userId: ids[user]!, threadId: `local:${user}`, messageId: `${user}-${at}`, lang: 'en', text: 'how?', outcome: 'escalated', createdAt: sh(at) } });
  const bobsQuestion = await q('bob', '2026-11-03T09:00:00');
  const alicesQuestion = await q('alice', '2026-11-03T09:30:00');
  const escalate = (questionId: string, requester: string) =>
    p.escalation.create({ data: { tenantId, questionId, requesterId: ids[requester]!, lang: 'en', userThreadId: `local:${requester}` } });
  const e1 = await escalate(bobsQuestion.id, 'bob');
  const e2 = await escalate(alicesQuestion.id, 'alice');
  const event = (user: string, kind: string, at: string, data: Record<string, string>) =>
    p.adoptionEvent.create({ data: { tenantId, userId: ids[user]!, kind, occurredAt: sh(at), data } });
  await event('alice', 'escalation_claimed', '2026-11-03T09:10:00', { escalationId: e1.id }); // counts
  await event('alice', 'escalation_claimed', '2026-11-03T15:00:00', { escalationId: e1.id }); // same escalation again: once
  await event('alice', 'escalation_claimed', '2026-11-03T09:40:00', { escalationId: e2.id }); // her own question: no
  await event('erin', 'escalation_claimed', '2026-11-03T09:20:00', { escalationId: e1.id }); // not a champion: no
  await event('alice', 'survey_answered', '2026-11-04T12:00:00', { runId: 'r1' });
  await event('alice', 'survey_answered', '2026-11-04T12:05:00', { runId: 'r1' }); // changed her answer: one survey
  await event('alice', 'survey_answered', '2026-11-06T12:00:00', { runId: 'r2' });

  // Alice's activity: the question on Tuesday plus system use Monday–Saturday = 6 days, capped at 5.
  const days = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-10-30'];
  await p.usageEvent.createMany({ data: days.map((d) => ({ tenantId, userId: ids.alice!, action: 'login', occurredAt: sh(`${d}T08:00:00`) })) });
});

afterAll(async () => {
  await db?.drop();
});

describe('champion score', () => {
  it('adds thanks, recognitions, claims, active days and surveys, with every limit applied (hand-computed)', async () => {
    const ranked = await weeklyChampions(db.prisma, tenantId, [finance], WEEK_START);
    // alice: 2 thanks ×3 + 3 recognitions ×2 (dave, bob #2, gina Thursday) + 1 claim ×3 + 5 active days + 2 surveys ×2 = 24
    // carol: gina + bob's Monday one = 2 recognitions ×2 = 4
    // bob: gina = 1 recognition ×2 + 1 active day (his question) = 3
    // dave: gina = 2; gina herself received nothing, so she is not a champion
    expect(ranked.map((c) => [c.displayName, c.score])).toEqual([
      ['Alice', 24],
      ['Carol', 4],
      ['Bob', 3],
      ['Dave', 2],
    ]);
    expect(ranked[0]!.reasons).toEqual([
      { kind: 'thanks', count: 2, points: 6 },
      { kind: 'recognitions', count: 3, points: 6 },
      { kind: 'activeDays', count: 5, points: 5 },
      { kind: 'surveys', count: 2, points: 4 },
      { kind: 'claims', count: 1, points: 3 },
    ]);
  });

  it('scopes to the departments asked for, and an empty list gives nobody', async () => {
    const salesChampions = await weeklyChampions(db.prisma, tenantId, [sales], WEEK_START);
    // erin's own claim does not count (she is not a champion); both have one recognition from gina
    expect(salesChampions.map((c) => [c.displayName, c.score])).toEqual([
      ['Erin', 2],
      ['Frank', 2],
    ]);
    expect(await weeklyChampions(db.prisma, tenantId, [], WEEK_START)).toEqual([]);
  });

  it('leaves out people who opted out of public recognition when asked to, and flags them otherwise', async () => {
    await db.prisma.user.update({ where: { id: ids.carol! }, data: { recognitionOptOut: true } });
    const window = { tenantId, from: WEEK_START, to: new Date(WEEK_START.getTime() + 7 * 86_400_000), departmentIds: [finance] };
    const publicOnly = await championScores(db.prisma, { ...window, publicOnly: true });
    expect(publicOnly.map((c) => c.displayName)).toEqual(['Alice', 'Bob', 'Dave']);
    const all = await championScores(db.prisma, window);
    expect(all.find((c) => c.displayName === 'Carol')?.publicRecognitionOptOut).toBe(true);
    await db.prisma.user.update({ where: { id: ids.carol! }, data: { recognitionOptOut: false } });
  });

  it('the week before has its own limits: last Sunday\'s gifts are outside the window and do not use up this week\'s pair cap', async () => {
    const lastWeek = await weeklyChampions(db.prisma, tenantId, [finance], new Date(WEEK_START.getTime() - 7 * 86_400_000));
    // bob→carol twice on Sunday 2026-11-01: both within the pair cap of that week
    expect(lastWeek.map((c) => [c.displayName, c.score])).toEqual([['Carol', 4]]);
  });

  it('feeds the weekly digest in its shape: top 3 per department, helpful acts counted, week named by its Monday', async () => {
    const champions = await digestChampions(db.prisma, tenantId, [finance, sales], '2026-11-02');
    expect(champions.map((c) => [c.name, c.departmentId === finance ? 'Finance' : 'Sales', c.thanks])).toEqual([
      ['Alice', 'Finance', 6], // 2 thanks + 3 recognitions + 1 claim
      ['Carol', 'Finance', 2],
      ['Bob', 'Finance', 1],
      ['Erin', 'Sales', 1],
      ['Frank', 'Sales', 1],
    ]);
  });
});
