/**
 * A small tenant with known answers for every metric (see the expectations in
 * metrics.test.ts, worked out by hand from the rows below).
 *
 * Time zone Asia/Shanghai (UTC+8): week A = 2026-11-23, week B = 2026-11-30,
 * which starts at 2026-11-29T16:00:00Z.
 *
 *   Finance (7): f1-f5 and f7 report to Mia (manager), f6 to Noah (manager)
 *   Sales (3):   s1-s3 report to Mia
 *   Wave W1: f1 f2 f3 f4 s1      Wave W2: f5 f6 f7 s2 s3
 *   Not rostered: Mia, Noah, Sam (sponsor), Eve (engineer), x (chat user with usage)
 */
import type { Db } from '../../src/db/client.js';
import { ingestUsage } from '../../src/adoption/usage.js';

export const WEEK_A = '2026-11-23';
export const WEEK_B = '2026-11-30';
export const TZ = 'Asia/Shanghai';
/** Monday 2026-11-30 09:00 in Shanghai. */
const B = Date.parse('2026-11-30T01:00:00Z');
const at = (minutesAfterBMonday9: number) => new Date(B + minutesAfterBMonday9 * 60_000);

export interface SeededTenant {
  tenantId: string;
  finance: string;
  sales: string;
  w1: string;
  w2: string;
  people: Record<string, string>;
}

export async function seedMetricsTenant(db: Db, externalId = 'T-METRICS'): Promise<SeededTenant> {
  const tenant = await db.tenant.create({
    data: { platform: 'local', externalId, timezone: TZ, settings: { adoption: { sponsorEmails: ['sam@example.com'] } } },
  });
  const tenantId = tenant.id;
  const finance = (await db.department.create({ data: { tenantId, name: 'Finance' } })).id;
  const sales = (await db.department.create({ data: { tenantId, name: 'Sales' } })).id;
  const w1 = (await db.rolloutWave.create({ data: { tenantId, name: 'W1', goLiveAt: new Date('2026-11-01T00:00:00Z') } })).id;
  const w2 = (await db.rolloutWave.create({ data: { tenantId, name: 'W2', goLiveAt: new Date('2026-11-15T00:00:00Z') } })).id;
  const people: Record<string, string> = {};
  const person = async (key: string, name: string, data: Record<string, unknown> = {}) => {
    people[key] = (
      await db.user.create({
        data: { tenantId, platform: 'local', platformUserId: key, displayName: name, email: `${key}@example.com`, ...data },
      })
    ).id;
  };
  await person('mia', 'Mia Manager', { role: 'manager', locale: 'en', timezone: 'Asia/Shanghai' });
  await person('noah', 'Noah 经理', { role: 'manager', locale: 'zh-CN', timezone: 'Europe/Berlin' });
  await person('sam', 'Sam Sponsor', { role: 'admin' });
  await person('eve', 'Eve Engineer', { role: 'engineer' });
  await person('x', 'Chat Only');
  const member = (dept: string, wave: string, manager: string) => ({ departmentId: dept, waveId: wave, managerId: people[manager] });
  for (const [key, wave] of [['f1', w1], ['f2', w1], ['f3', w1], ['f4', w1], ['f5', w2], ['f7', w2]] as const) {
    await person(key, `Finance ${key}`, member(finance, wave, 'mia'));
  }
  await person('f6', 'Finance f6', member(finance, w2, 'noah'));
  for (const [key, wave] of [['s1', w1], ['s2', w2], ['s3', w2]] as const) await person(key, `Sales ${key}`, member(sales, wave, 'mia'));

  // Usage of the system. f4 at Sunday 23:59:59 Shanghai (week A), f5 at Monday 00:00:00 (week B).
  // Through the real ingestion path (it keeps the weekly rollup the metrics read).
  const usage = (key: string, occurredAt: Date) => ({ user: `${key}@example.com`, action: 'login', module: 'finance', at: occurredAt.toISOString() });
  const ingested = await ingestUsage(
    db,
    tenantId,
    [
      usage('f1', at(0)),
      usage('f1', at(60)),
      usage('f2', at(120)),
      usage('f3', at(24 * 60)),
      usage('s1', at(2 * 24 * 60)),
      usage('f5', new Date('2026-11-29T16:00:00.000Z')),
      usage('f4', new Date('2026-11-29T15:59:59.000Z')),
      usage('f1', at(-7 * 24 * 60)),
      usage('x', at(0)),
      // Week B's end: Monday 2026-12-07 00:00 Shanghai belongs to the next week, not B.
      usage('f6', new Date('2026-12-06T16:00:00.000Z')),
    ],
    { now: () => new Date('2026-12-08T00:00:00Z') },
  );
  if (!ingested.ok) throw new Error(`seed usage rejected: ${JSON.stringify(ingested.problems)}`);

  // Questions in week B.
  const question = async (key: string, text: string, outcome: 'answered' | 'unanswered' | 'escalated', minute: number) =>
    (
      await db.question.create({
        data: { tenantId, userId: people[key]!, threadId: `local:${key}`, messageId: `${key}-${minute}`, lang: 'en', text, outcome, createdAt: at(minute) },
      })
    ).id;
  const q1 = await question('f1', 'How do I approve a PO?', 'answered', 10);
  const q2 = await question('f1', 'How do I close the month?', 'answered', 20);
  await question('f1', 'How do I post an invoice?', 'unanswered', 30);
  await question('f2', 'how do I  post an INVOICE? ', 'unanswered', 40);
  const q5 = await question('f2', 'Reset password', 'escalated', 50);
  const q6 = await question('s1', 'Where do I find my quota?', 'answered', 60);
  await question('s1', 'Where is the sales report?', 'unanswered', 70);
  const q8 = await question('f3', 'reset password', 'escalated', 80);
  await db.feedback.createMany({
    data: [
      { tenantId, questionId: q1, userId: people.f1!, helpful: true, createdAt: at(11) },
      { tenantId, questionId: q2, userId: people.f1!, helpful: false, createdAt: at(21) },
    ],
  });
  const escalation = (questionId: string, requester: string, created: number, claim: number | null, resolve: number | null, csat: number | null) => ({
    tenantId,
    questionId,
    requesterId: people[requester]!,
    assigneeId: people.eve!,
    status: resolve === null ? ('claimed' as const) : ('resolved' as const),
    lang: 'en',
    userThreadId: `local:${requester}`,
    createdAt: at(created),
    claimedAt: claim === null ? null : at(created + claim),
    resolvedAt: resolve === null ? null : at(created + resolve),
    csat,
  });
  await db.escalation.createMany({
    data: [escalation(q5, 'f2', 51, 10, 130, 4), escalation(q6, 's1', 61, 30, null, null), escalation(q8, 'f3', 81, 20, 60, 2)],
  });
  await db.adoptionEvent.createMany({
    data: [
      { tenantId, userId: people.f6!, kind: 'survey_answered', occurredAt: at(300) },
      { tenantId, userId: people.eve!, kind: 'escalation_claimed', occurredAt: at(61) },
    ],
  });

  // A survey with an NPS question: invites sent in week B, 6 Finance answers and 1 Sales answer.
  const survey = await db.survey.create({
    data: { tenantId, key: 'pulse', anonymous: true, definition: { questions: [{ id: 'ease', type: 'rating' }, { id: 'recommend', type: 'nps' }] } },
  });
  const run = await db.surveyRun.create({ data: { tenantId, surveyId: survey.id, occurrenceKey: WEEK_B, status: 'open', opensAt: at(0), closesAt: at(5 * 24 * 60) } });
  await db.surveyInvite.createMany({
    data: (
      [
        ['f1', true],
        ['f2', false],
        ['f3', true],
        ['s1', true],
      ] as const
    ).map(([key, responded]) => ({ tenantId, runId: run.id, userId: people[key]!, sentAt: at(5), respondedAt: responded ? at(500) : null })),
  });
  const scores: [string, number][] = [['Finance', 10], ['Finance', 9], ['Finance', 8], ['Finance', 6], ['Finance', 3], ['Finance', 10], ['Sales', 9]];
  await db.surveyResponse.createMany({
    data: scores.map(([department, score], i) => ({
      tenantId,
      runId: run.id,
      respondentKey: `k${i}`,
      answers: { ease: 4, recommend: score },
      department,
      submittedAt: at(600 + i),
    })),
  });

  // Recognition in week B: s1 thanked twice, f3 once; a self-thanks never counts.
  await db.recognition.createMany({
    data: [
      { tenantId, giverId: people.f1!, receiverId: people.s1!, kind: 'thanks', createdAt: at(100) },
      { tenantId, giverId: people.f2!, receiverId: people.s1!, kind: 'thanks', createdAt: at(101) },
      { tenantId, giverId: people.f1!, receiverId: people.f3!, kind: 'recognize', reason: 'month-end help', createdAt: at(102) },
      { tenantId, giverId: people.f5!, receiverId: people.f5!, kind: 'thanks', createdAt: at(103) },
    ],
  });
  return { tenantId, finance, sales, w1, w2, people };
}
