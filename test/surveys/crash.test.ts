/**
 * Kill the survey worker process in the middle of a fan-out (SIGKILL: no
 * clean-up at all) and start a new one: BullMQ hands the interrupted jobs to
 * the new process, which creates only the missing invites and sends only the
 * missing surveys. Every recipient ends up with exactly one.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobSystem } from '../../src/jobs/system.js';
import { silentLogger } from '../../src/log.js';
import { SHARED_REDIS, deleteKeys, uniquePrefix, waitFor } from '../jobs/helpers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { TEST_SECRET } from '../support/app-deps.js';
import { findPostgresServer } from '../db/helpers.js';
import { startChild } from '../support/child.js';

// Two processes share the database: that needs a PostgreSQL server (embedded PGlite serves one process).
const serverUrl = await findPostgresServer();

// Invites go out in batches of 100 (src/surveys/runs.ts): enough of them that the kill,
// which waits for the first rows, lands with most batches still to run.
const RECIPIENTS = 2000;
const WORKER = path.join(import.meta.dirname, 'support/survey-worker.ts');

async function startWorker(databaseUrl: string, prefix: string): Promise<ChildProcess> {
  const { child } = await startChild(WORKER, { env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_PORT: String(SHARED_REDIS.port), JOB_PREFIX: prefix, APP_SECRET: TEST_SECRET } });
  return child;
}

describe.skipIf(!serverUrl)('a survey worker killed mid-fan-out', () => {
  let t: TestApp;
  let jobs: JobSystem;
  const prefix = uniquePrefix('crash');
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // This process only sends (outbound queue); the child does the survey work.
    jobs = new JobSystem({ kind: 'url', connectionOptions: SHARED_REDIS }, silentLogger, { prefix, limiter: { outbound: undefined }, concurrency: { outbound: 8 } });
    t = await startTestApp({ demo: false, jobs, database: { serverUrl: serverUrl! } });
    const tenantId = t.localTenantId;
    await t.db.prisma.user.createMany({ data: Array.from({ length: RECIPIENTS }, (_, i) => ({ tenantId, platform: 'local' as const, platformUserId: `person-${i}` })) });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await jobs?.close();
    await t?.close();
    await deleteKeys(prefix);
  });

  it('restarts where it stopped: every recipient gets exactly one survey', { timeout: 240_000 }, async () => {
    const db = t.db.prisma;
    // The survey worker is not running yet: the fan-out job waits in the queue.
    const applied = await t.app.surveys.service.apply(
      t.localTenantId,
      `key: crash\ntitle: { en: Check-in, zh-CN: 回访 }\nquestions:\n  - { id: ok, type: rating, title: { en: "OK?", zh-CN: "好吗？" } }\nschedule: { type: once, at: "${new Date(Date.now() - 60_000).toISOString().slice(0, 16)}", tz: UTC }\n`,
      'crash.yaml',
    );
    if (!applied.ok) throw new Error(JSON.stringify(applied.problems));
    const first = await startWorker(t.db.url, prefix);
    children.push(first);
    await jobs.start();
    await waitFor(async () => (await db.outboundDelivery.count()) >= 40, 'the first invites go out', 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const sentBeforeCrash = await db.outboundDelivery.count();
    const fanOut = await jobs.queue('surveys').getJob((await jobs.queue('surveys').getJobs(['active', 'waiting', 'completed'])).find((j) => j.name === 'surveys.fan-out')?.id ?? '');
    const fanOutState = await fanOut?.getState();
    expect(sentBeforeCrash).toBeLessThan(RECIPIENTS);

    const second = await startWorker(t.db.url, prefix);
    children.push(second);
    await waitFor(async () => (await db.outboundDelivery.count({ where: { status: 'sent' } })) === RECIPIENTS, 'every survey sent after the restart', 200_000);
    await waitFor(async () => (await jobs.queue('outbound').getJobCounts('waiting', 'active', 'delayed')).waiting === 0, 'outbound idle');

    const perPerson = await db.localInboxMessage.groupBy({ by: ['userId'], _count: { _all: true } });
    expect(perPerson).toHaveLength(RECIPIENTS);
    expect(perPerson.filter((p) => p._count._all !== 1)).toEqual([]);
    expect(await db.surveyInvite.count()).toBe(RECIPIENTS);
    expect(await db.outboundDelivery.count({ where: { status: { not: 'sent' } } })).toBe(0);
    // Where the kill landed, for the record: the fan-out job itself was still running, or its sends were.
    console.info(`killed after ${sentBeforeCrash}/${RECIPIENTS} outbound rows; fan-out job was ${fanOutState}`);
  });
});
