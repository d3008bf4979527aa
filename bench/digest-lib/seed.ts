/**
 * The bench tenant, seeded in SQL with generate_series: 50,000 people, 5,000,000
 * usage events over 12 weeks, 120,000 questions, escalations. The usage
 * indexes are dropped during the bulk insert and built once afterwards, as
 * any bulk load does (maintaining them row by row costs several times more).
 */
import type { Db } from '../../src/db/client.js';
import { rebuildUsageWeeks } from '../../src/adoption/usage.js';

export const PEOPLE = 50_000;
export const EVENTS = 5_000_000;
export const WEEKS = 12;
export const TZ = 'Asia/Shanghai';
// Seeded weeks: the 12 weeks before Monday 2026-11-30 (Shanghai); the digest reports the last of them.
const FIRST_MONDAY_UTC = '2026-09-06 16:00:00';
/** Monday 2026-11-30 09:00 in Shanghai. */
export const NOW = new Date('2026-11-30T01:00:00Z');

const seconds = (ms: number) => (ms / 1000).toFixed(2);

export async function seedDigestTenant(prisma: Db): Promise<string> {
  const tenant = await prisma.tenant.create({ data: { platform: 'local', externalId: 'bench', timezone: TZ } });
  const t = tenant.id;
  let started = performance.now();
  await prisma.$executeRaw`
    INSERT INTO "Department" (id, "tenantId", name) SELECT 'd' || d, ${t}, 'Department ' || d FROM generate_series(0, 99) d`;
  await prisma.$executeRaw`
    INSERT INTO "RolloutWave" (id, "tenantId", name, "goLiveAt") SELECT 'w' || w, ${t}, 'Wave ' || w, now() FROM generate_series(0, 3) w`;
  // Person i: department (i-1)/500, wave by department, manager = first of each group of 10 (who has none).
  await prisma.$executeRaw`
    INSERT INTO "User" (id, "tenantId", platform, "platformUserId", "displayName", email, "employeeId", role, "departmentId", "waveId", "managerId", timezone, "updatedAt")
    SELECT 'u' || i, ${t}, 'local', 'p' || i, 'Person ' || i, 'u' || i || '@bench.example', 'E' || i,
    CASE WHEN i % 10 = 1 THEN 'manager'::"Role" ELSE 'end_user'::"Role" END,
    'd' || ((i - 1) / 500), 'w' || (((i - 1) / 500) % 4),
    CASE WHEN i % 10 = 1 THEN NULL ELSE 'u' || (((i - 1) / 10) * 10 + 1) END,
    (ARRAY['Asia/Shanghai', 'Europe/Berlin', 'America/New_York'])[1 + (i / 10) % 3],
    now()
    FROM generate_series(1, ${PEOPLE}) i`;
  console.log(`roster: ${PEOPLE.toLocaleString('en')} people in ${seconds(performance.now() - started)} s`);

  started = performance.now();
  const indexes = await prisma.$queryRaw<{ indexdef: string; indexname: string }[]>`
    SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'UsageEvent' AND indexname <> 'UsageEvent_pkey'`;
  for (const index of indexes) await prisma.$executeRawUnsafe(`DROP INDEX "${index.indexname}"`);
  // Week w: people 1..(5,000 + w·3,750) use the system; times spread over the week.
  await prisma.$executeRaw`
    INSERT INTO "UsageEvent" ("tenantId", "userId", action, module, "occurredAt")
    SELECT ${t}, 'u' || (1 + (g::bigint * 2654435761 % 4294967296) % (5000 + (g % ${WEEKS}) * 3750)),
    (ARRAY['login', 'post', 'approve', 'report'])[1 + g % 4], (ARRAY['finance', 'sales', 'hr'])[1 + g % 3],
    ${FIRST_MONDAY_UTC}::timestamp + (g % ${WEEKS}) * interval '7 days' + ((g::bigint * 37) % 604800) * interval '1 second'
    FROM generate_series(1, ${EVENTS}) g`;
  for (const index of indexes) await prisma.$executeRawUnsafe(index.indexdef);
  // The bulk insert bypassed ingestion, so the weekly rollup is built from the events once.
  const weeks = await rebuildUsageWeeks(prisma, t);
  console.log(`usage: ${EVENTS.toLocaleString('en')} events seeded (indexes and ${weeks.toLocaleString('en')} person-weeks built after) in ${seconds(performance.now() - started)} s`);

  started = performance.now();
  await prisma.$executeRaw`
    INSERT INTO "Question" (id, "tenantId", "userId", "threadId", "messageId", lang, text, outcome, "createdAt")
    SELECT 'q' || g, ${t}, 'u' || (1 + (g * 7919) % ${PEOPLE}), 'local:p' || g, 'm' || g, 'en', 'How do I do task ' || (g % 500) || '?',
    (ARRAY['answered', 'answered', 'answered', 'unanswered', 'escalated'])[1 + g % 5]::"QuestionOutcome",
    ${FIRST_MONDAY_UTC}::timestamp + (g % ${WEEKS}) * interval '7 days' + ((g * 53) % 604800) * interval '1 second'
    FROM generate_series(1, 120000) g`;
  await prisma.$executeRaw`
    INSERT INTO "Escalation" (id, "tenantId", "questionId", "requesterId", status, lang, "userThreadId", "createdAt", "claimedAt", "resolvedAt", csat)
    SELECT 'x' || q.id, q."tenantId", q.id, q."userId", 'resolved', 'en', q."threadId", q."createdAt",
    q."createdAt" + interval '12 minutes', q."createdAt" + interval '3 hours', 1 + (length(q.id) % 5)
    FROM "Question" q WHERE q."tenantId" = ${t} AND q.outcome = 'escalated' AND substr(q.id, 2)::int % 4 = 0`;
  await prisma.$executeRawUnsafe('ANALYZE');
  console.log(`questions and escalations seeded, ANALYZE done in ${seconds(performance.now() - started)} s`);

  return t;
}
