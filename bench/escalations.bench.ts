/**
 * npm run bench:escalations [count] — 1,000 escalations through the service
 * the app runs (createApp's EscalationService with its SLA timers on real
 * Redis when one answers): created and routed, claimed, first reply,
 * resolved, one after another. Reports, per state change, the wall time
 * (mean, p50, p99) and the SQL statements sent to PostgreSQL (counted on the
 * pg connections under Prisma, BEGIN/COMMIT included). Targets: ≤ 10
 * statements and ≤ 20 ms per change. Runs on embedded PGlite, and on a
 * PostgreSQL server too when one answers (DATABASE_URL, or 127.0.0.1:5432).
 */
import os from 'node:os';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../src/generated/prisma/client.js';
import type { Db } from '../src/db/client.js';
import { createApp } from '../src/app.js';
import { silentLogger } from '../src/log.js';
import { JobSystem, JobsUnavailable, type Jobs } from '../src/jobs/system.js';
import { pingRedis } from '../src/jobs/redis-client.js';
import { deleteKeysUnder } from '../test/support/redis-keys.js';
import { parseRedisUrl } from '../src/jobs/redis.js';
import { createTestDatabase, findPostgresServer } from '../test/db/helpers.js';
import { testAppDeps } from '../test/support/app-deps.js';

const COUNT = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1000);
const STEPS = ['create + route', 'claim', 'first reply', 'resolve'] as const;
type Step = (typeof STEPS)[number];
const TARGET_QUERIES = 10;
const TARGET_MS = 20;

/** A Prisma client whose every SQL statement is counted, whatever connection it goes through. */
function countingClient(url: string, poolSize: number): { prisma: Db; statements: () => number; close: () => Promise<void> } {
  let count = 0;
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      count++;
      return query(...args);
    };
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { prisma, statements: () => count, close: async () => { await prisma.$disconnect(); await pool.end().catch(() => undefined); } };
}

async function seed(db: Db, tenantId: string) {
  const engineers = [];
  for (let i = 0; i < 12; i++) {
    engineers.push(await db.user.create({ data: { tenantId, platform: 'local', platformUserId: `eng-${i}`, displayName: `Engineer ${i}`, role: 'engineer' } }));
  }
  const hours = { timezone: 'Asia/Shanghai', workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' } };
  const groups = [];
  for (const [g, name] of ['Finance desk', 'Warehouse desk', 'Core team'].entries()) {
    groups.push(
      await db.engineerGroup.create({
        data: {
          tenantId,
          name,
          settings: hours,
          isFallback: name === 'Core team',
          members: { create: engineers.slice(g * 4, g * 4 + 4).map((e, position) => ({ userId: e.id, position, isLead: position === 0 })) },
        },
      }),
    );
  }
  const rules: [string, string | null, string | null][] = [['FI', 'Finance', null], ['CO', null, null], ['MM', null, 'Shanghai'], ['WM', null, null]];
  for (const [i, [module, department, site]] of rules.entries()) {
    await db.routingRule.create({ data: { tenantId, priority: (i + 1) * 10, module, department, site, groupId: (groups[i < 2 ? 0 : 1] ?? groups[0])!.id } });
  }
  const departments = await Promise.all(['Finance', 'Warehouse', 'Sales'].map((name) => db.department.create({ data: { tenantId, name } })));
  const tags = ['FI', 'CO', 'MM', 'WM', 'HR'];
  const articles = await Promise.all(tags.map((tag, i) => db.article.create({ data: { tenantId, slug: `a-${i}`, tags: [tag] } })));
  const askers = [];
  for (let i = 0; i < 100; i++) {
    askers.push(await db.user.create({ data: { tenantId, platform: 'local', platformUserId: `user-${i}`, displayName: `User ${i}`, site: i % 2 ? 'Shanghai' : 'Berlin', departmentId: departments[i % 3]!.id } }));
  }
  const questions = [];
  for (let i = 0; i < COUNT; i++) {
    const asker = askers[i % askers.length]!;
    questions.push(
      await db.question.create({
        data: { tenantId, userId: asker.id, threadId: `local:${asker.platformUserId}`, messageId: `m-${i}`, lang: i % 2 ? 'zh-CN' : 'en', text: `Question ${i}`, outcome: 'unanswered', topArticleId: articles[i % articles.length]!.id },
      }),
    );
  }
  return { engineers, questions };
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return { mean: samples.reduce((a, b) => a + b, 0) / Math.max(samples.length, 1), p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? 0 };
}

async function runOn(label: string, url: string, jobs: Jobs) {
  const counted = countingClient(url, 1);
  const app = createApp(
    testAppDeps(counted.prisma, {
      config: { publicUrl: 'http://hypercare.bench', localChannel: { enabled: false } },
      secret: 'bench-secret-that-is-at-least-32-characters',
      jobs,
    }),
  );
  const tenant = await counted.prisma.tenant.create({ data: { platform: 'local', externalId: `bench-${Date.now()}`, name: 'Bench', timezone: 'Asia/Shanghai' } });
  const { engineers, questions } = await seed(counted.prisma, tenant.id);
  const service = app.escalations.service;
  const times: Record<Step, number[]> = { 'create + route': [], claim: [], 'first reply': [], resolve: [] };
  const queries: Record<Step, number[]> = { 'create + route': [], claim: [], 'first reply': [], resolve: [] };
  const cpu: Record<Step, number[]> = { 'create + route': [], claim: [], 'first reply': [], resolve: [] };
  async function measure<T>(step: Step, work: () => Promise<T>): Promise<T> {
    const before = counted.statements();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await work();
    times[step].push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu[step].push((used.user + used.system) / 1000);
    queries[step].push(counted.statements() - before);
    return result;
  }
  // Warm-up on a few questions (JIT, prepared plans), not counted.
  const warm = 20;
  for (const [i, question] of questions.entries()) {
    const engineer = engineers[i % engineers.length]!;
    const track = i >= warm;
    const run = track ? measure : <T>(_step: Step, work: () => Promise<T>) => work();
    const { escalation } = await run('create + route', () => service.create({ tenantId: tenant.id, questionId: question.id }));
    await run('claim', () => service.claim(tenant.id, escalation.id, engineer.id));
    await run('first reply', () => service.addEngineerReply(tenant.id, escalation.id, engineer.id, 'Try the posting screen with movement type 101.'));
    await run('resolve', () => service.resolve(tenant.id, escalation.id, engineer.id));
  }
  const routed = await counted.prisma.escalation.groupBy({ by: ['groupId'], where: { tenantId: tenant.id }, _count: true });
  console.log(`\n${label}: ${questions.length - warm} escalations measured (after ${warm} warm-up), routed to ${routed.length} groups; SLA timers ${jobs.available ? 'on (Redis)' : 'off (no Redis)'}`);
  console.log(`load average when done: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores (wall times include waiting for the CPU)`);
  console.log('| state change   | mean ms | p50 ms | p99 ms | CPU ms (this process) | SQL statements (mean / max) | target |');
  console.log('|----------------|---------|--------|--------|-----------------------|-----------------------------|--------|');
  let pass = true;
  for (const step of STEPS) {
    const t = summary(times[step]);
    const q = summary(queries[step]);
    const ok = q.max <= TARGET_QUERIES && t.mean <= TARGET_MS;
    pass &&= ok;
    console.log(`| ${step.padEnd(14)} | ${t.mean.toFixed(2).padStart(7)} | ${t.p50.toFixed(2).padStart(6)} | ${t.p99.toFixed(2).padStart(6)} | ${summary(cpu[step]).mean.toFixed(2).padStart(21)} | ${`${q.mean.toFixed(1)} / ${q.max}`.padStart(27)} | ${ok ? 'PASS' : 'FAIL'}   |`);
  }
  const perEscalation = STEPS.reduce((sum, step) => sum + summary(times[step]).mean, 0);
  const cpuPerEscalation = STEPS.reduce((sum, step) => sum + summary(cpu[step]).mean, 0);
  console.log(`time per escalation (all four changes): ${perEscalation.toFixed(1)} ms wall, ${cpuPerEscalation.toFixed(1)} ms CPU of this process; targets ≤ ${TARGET_QUERIES} statements and ≤ ${TARGET_MS} ms (mean) per change: ${pass ? 'PASS' : 'FAIL'}`);
  await counted.close();
}

async function main() {
  const redis = parseRedisUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const redisUp = !process.argv.includes('--no-redis') && (await pingRedis(redis.connectionOptions, 1_000)).ok;
  const prefix = `hc-bench-esc-${process.pid}`;
  // Producer only: the SLA steps are scheduled in Redis but no worker runs them during the bench.
  const jobsFor = (): Jobs => (redisUp ? new JobSystem({ kind: 'url', connectionOptions: redis.connectionOptions }, silentLogger, { prefix }) : new JobsUnavailable());
  const targets: { label: string; open: () => ReturnType<typeof createTestDatabase> }[] = [];
  if (!process.argv.includes('--server-only')) targets.push({ label: 'embedded PGlite', open: () => createTestDatabase({ target: 'embedded' }) });
  const server = await findPostgresServer();
  if (server) targets.push({ label: 'PostgreSQL server', open: () => createTestDatabase({ target: { serverUrl: server } }) });
  for (const target of targets) {
    const db = await target.open();
    const jobs = jobsFor();
    try {
      await runOn(target.label, db.url, jobs);
    } finally {
      await jobs.close();
      await db.drop();
    }
  }
  if (redisUp) await deleteKeysUnder(redis.connectionOptions, prefix);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
