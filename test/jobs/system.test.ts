/**
 * JobSystem against a real Redis (the test run's), one unique key prefix
 * per test, keys deleted afterwards.
 */
import { Queue } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobData } from '../../src/jobs/definitions.js';
import { JobsError } from '../../src/jobs/errors.js';
import { closeRedisClient, createRedisClient } from '../../src/jobs/redis-client.js';
import type { ResolvedRedis } from '../../src/jobs/redis.js';
import { JobSystem, JobsUnavailable, createJobs, type JobContext, type JobSystemOptions } from '../../src/jobs/system.js';
import {
  ERROR,
  SHARED_REDIS,
  TEST_REDIS_URL,
  WARN,
  captureLogger,
  deleteKeys,
  redisServerInstalled,
  startTestRedisServer,
  uniquePrefix,
  waitFor,
} from './helpers.js';

const sharedRedis: ResolvedRedis = {
  kind: 'local',
  url: TEST_REDIS_URL,
  connectionOptions: { ...SHARED_REDIS },
  stop: async () => {},
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(label: string, options: JobSystemOptions = {}) {
  const prefix = uniquePrefix(label);
  const capture = captureLogger();
  // Short backoff so retries happen within the test.
  const jobs = new JobSystem(sharedRedis, capture.logger, {
    prefix,
    defaultJobOptions: { backoff: { type: 'fixed', delay: 20 } },
    ...options,
  });
  cleanups.push(async () => {
    await jobs.close();
    await deleteKeys(prefix);
  });
  return { jobs, prefix, ...capture };
}

/** A Queue outside the system under test, to look at what is in Redis. */
function inspector(prefix: string, name: string): Queue {
  const client = createRedisClient(SHARED_REDIS);
  const queue = new Queue(name, { connection: client, prefix });
  cleanups.push(async () => {
    await queue.close();
    await closeRedisClient(client);
  });
  return queue;
}

const countAll = (queue: Queue) => queue.getJobCountByTypes('wait', 'delayed', 'active', 'completed', 'failed', 'prioritized');

describe('JobSystem', () => {
  it('rejects invalid data before it reaches Redis', async () => {
    const { jobs, prefix } = setup('invalid');
    const attempts: unknown[] = [
      { deliveryKey: '' },
      { deliveryKey: 'd-1', text: 'Hello Alice, your password is …' },
      { deliveryKey: 'a message body with spaces' },
      {},
    ];
    for (const data of attempts) {
      // @ts-expect-error deliberately wrong data
      const error = await jobs.enqueue('outbound.deliver', data).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(JobsError);
      expect((error as JobsError).code).toBe('job_data_invalid');
      expect((error as JobsError).message).not.toContain('Alice');
    }
    await expect(jobs.enqueue('outbound.deliver', { deliveryKey: 'd-1' }, { jobId: '123' })).rejects.toMatchObject({ code: 'job_misuse' });
    await expect(jobs.enqueue('outbound.deliver', { deliveryKey: 'd-1' }, { jobId: 'a:b' })).rejects.toMatchObject({ code: 'job_misuse' });
    // @ts-expect-error unknown job name
    await expect(jobs.enqueue('outbound.nope', {})).rejects.toMatchObject({ code: 'job_misuse' });
    expect(await countAll(inspector(prefix, 'outbound'))).toBe(0);
  });

  it('hands the processor validated data and its context', async () => {
    const { jobs } = setup('process');
    const seen: { data: JobData<'escalations.sla-step'>; ctx: JobContext }[] = [];
    jobs.registerProcessor('escalations.sla-step', async (data, ctx) => {
      seen.push({ data, ctx });
    });
    await jobs.start();
    const { jobId } = await jobs.enqueue('escalations.sla-step', { escalationId: 'esc-1', version: 3, step: 0 });
    await waitFor(() => seen.length === 1, 'the processor to run');
    expect(seen[0]?.data).toEqual({ escalationId: 'esc-1', version: 3, step: 0 });
    expect(seen[0]?.ctx).toMatchObject({ jobId, attempt: 1 });
    expect(typeof seen[0]?.ctx.log.info).toBe('function');
  });

  it('fails a job whose data breaks the schema at once, without retries and without logging the data', async () => {
    const { jobs, prefix, lines, text } = setup('raw');
    let calls = 0;
    jobs.registerProcessor('outbound.deliver', async () => {
      calls++;
    });
    await jobs.start();
    // Added raw, past enqueue's validation: as an older release or another tool might.
    const raw = inspector(prefix, 'outbound');
    const job = await raw.add('outbound.deliver', { deliveryKey: 42, text: 'Hello Alice' }, { attempts: 5 });
    await waitFor(async () => (await raw.getJobState(job.id ?? '')) === 'failed', 'the job to fail');
    const failed = await raw.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/does not match the outbound\.deliver schema/);
    expect(failed?.failedReason).not.toContain('Hello Alice');
    expect(calls).toBe(0);
    const gaveUp = await waitFor(() => lines.find((l) => l.level === ERROR && l.msg === 'Job failed; giving up'), 'the failure log');
    expect(gaveUp).toMatchObject({ jobName: 'outbound.deliver', jobId: job.id });
    expect(text()).not.toContain('Hello Alice');
  });

  it('defers a job: its slot is free for others meanwhile, it runs again later, and no attempt is counted', async () => {
    const { jobs, prefix, lines } = setup('defer', { concurrency: { surveys: 1 } });
    const runs: { invite: string; attempt: number; at: number }[] = [];
    jobs.registerProcessor('surveys.send-invite', async ({ inviteId }, ctx) => {
      runs.push({ invite: inviteId, attempt: ctx.attempt, at: Date.now() });
      if (inviteId === 'first' && runs.filter((r) => r.invite === 'first').length === 1) await ctx.defer(300);
    });
    const first = await jobs.enqueue('surveys.send-invite', { inviteId: 'first' });
    await jobs.enqueue('surveys.send-invite', { inviteId: 'second' });
    await jobs.start();
    await waitFor(() => runs.length === 3, 'the deferred job to run again');
    // One job slot: "second" ran while "first" waited out its delay, not after it.
    expect(runs.map((r) => r.invite)).toEqual(['first', 'second', 'first']);
    expect(runs[2]!.at - runs[0]!.at).toBeGreaterThanOrEqual(280);
    expect(runs.map((r) => r.attempt)).toEqual([1, 1, 1]);
    const queue = inspector(prefix, 'surveys');
    await waitFor(async () => (await queue.getJobState(first.jobId)) === 'completed', 'the deferred job to complete');
    // The run that completed is its only attempt: the deferral did not use one up.
    expect((await queue.getJob(first.jobId))?.attemptsMade).toBe(1);
    expect(lines.filter((l) => String(l.msg).startsWith('Job failed'))).toEqual([]);
  });

  it('retries a failing job with a fresh attempt number and logs the retry at warn', async () => {
    const { jobs, lines } = setup('retry');
    const attempts: number[] = [];
    jobs.registerProcessor('surveys.send-invite', async (_data, ctx) => {
      attempts.push(ctx.attempt);
      if (ctx.attempt === 1) throw new Error('platform said 503');
    });
    await jobs.start();
    await jobs.enqueue('surveys.send-invite', { inviteId: 'inv-private-77' });
    await waitFor(() => attempts.length === 2, 'the retry');
    expect(attempts).toEqual([1, 2]);
    const retry = lines.find((l) => l.level === WARN && l.msg === 'Job failed; will retry');
    expect(retry).toMatchObject({ jobName: 'surveys.send-invite', attempts: 5 });
    expect(JSON.stringify(retry)).not.toContain('inv-private-77');
  });

  it('keeps one scheduler per id however often it is upserted', async () => {
    const { jobs, prefix } = setup('schedule');
    await jobs.upsertSchedule('digest-t1', 'digests.fan-out', { tenantId: 't1' }, { pattern: '0 8 * * 1', tz: 'Asia/Shanghai' });
    await jobs.upsertSchedule('digest-t1', 'digests.fan-out', { tenantId: 't1' }, { pattern: '0 9 * * 1', tz: 'Asia/Shanghai' });
    await jobs.upsertSchedule('prune', 'maintenance.prune-processed-events', { olderThanHours: 48 }, { every: 3_600_000 });
    await jobs.upsertSchedule('prune', 'maintenance.prune-processed-events', { olderThanHours: 48 }, { every: 3_600_000 });
    const digests = await inspector(prefix, 'digests').getJobSchedulers();
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ key: 'digest-t1', pattern: '0 9 * * 1', tz: 'Asia/Shanghai' });
    expect(await inspector(prefix, 'digests').getDelayedCount()).toBe(1);
    expect(await inspector(prefix, 'maintenance').getJobSchedulersCount()).toBe(1);
    await expect(
      jobs.upsertSchedule('bad', 'digests.fan-out', { tenantId: 't1' }, { pattern: '0 8 * * 1', tz: 'Mars/Olympus' }),
    ).rejects.toMatchObject({ code: 'job_misuse' });
    expect(await jobs.removeSchedule('digest-t1', 'digests.fan-out')).toBe(true);
    expect(await inspector(prefix, 'digests').getJobSchedulersCount()).toBe(0);
  });

  it('runs a delayed job with a deterministic id once, even when added twice', async () => {
    const { jobs, prefix } = setup('delayed');
    let runs = 0;
    jobs.registerProcessor('escalations.sla-step', async () => {
      runs++;
    });
    await jobs.start();
    const data = { escalationId: 'esc-9', version: 1, step: 2 };
    const first = await jobs.enqueue('escalations.sla-step', data, { jobId: 'sla-esc-9-v1-s2', delay: 300 });
    const second = await jobs.enqueue('escalations.sla-step', data, { jobId: 'sla-esc-9-v1-s2', delay: 300 });
    expect(second.jobId).toBe(first.jobId);
    const queue = inspector(prefix, 'escalations');
    await waitFor(async () => (await queue.getJobState(first.jobId)) === 'completed', 'the delayed job to complete');
    await sleep(700);
    expect(runs).toBe(1);
    expect(await queue.getCompletedCount()).toBe(1);
  });

  it('lets a running job finish on close()', async () => {
    const { jobs, prefix } = setup('close');
    let started = false;
    let finished = false;
    jobs.registerProcessor('digests.weekly', async () => {
      started = true;
      await sleep(800);
      finished = true;
    });
    await jobs.start();
    const { jobId } = await jobs.enqueue('digests.weekly', { tenantId: 't1', managerId: 'm1', weekStart: '2025-02-10' });
    await waitFor(() => started, 'the job to start');
    await jobs.close();
    expect(finished).toBe(true);
    expect(await inspector(prefix, 'digests').getJobState(jobId)).toBe('completed');
    await expect(jobs.enqueue('digests.fan-out', { tenantId: 't1' })).rejects.toMatchObject({ code: 'job_misuse' });
  });

  it('cancels jobs that outlast the close timeout instead of hanging', async () => {
    const { jobs, lines } = setup('close-timeout', { closeTimeoutMs: 300 });
    let signal: AbortSignal | undefined;
    let release: () => void = () => {};
    jobs.registerProcessor('surveys.close', async (_data, ctx) => {
      signal = ctx.signal;
      await new Promise<void>((resolve) => {
        release = resolve;
        ctx.signal?.addEventListener('abort', () => resolve());
      });
    });
    await jobs.start();
    await jobs.enqueue('surveys.close', { surveyId: 's1', runKey: '2025-W07' });
    await waitFor(() => signal, 'the job to start');
    const began = Date.now();
    await jobs.close();
    release();
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(signal?.aborted).toBe(true);
    expect(lines.some((l) => l.level === WARN && /did not stop in time/.test(l.msg))).toBe(true);
  });

  it('refuses processors registered late or twice', async () => {
    const { jobs } = setup('register');
    jobs.registerProcessor('surveys.remind', async () => {});
    expect(() => jobs.registerProcessor('surveys.remind', async () => {})).toThrow(/already registered/);
    await jobs.start();
    expect(() => jobs.registerProcessor('surveys.fan-out', async () => {})).toThrow(/before start/);
  });
});

describe.skipIf(!redisServerInstalled)('JobSystem while Redis is away', () => {
  it('fails enqueue fast with jobs_unavailable, logs the outage once, recovers, and still closes', async () => {
    let server = await startTestRedisServer([]);
    const { logger, lines } = captureLogger();
    const jobs = new JobSystem({ kind: 'url', connectionOptions: { host: '127.0.0.1', port: server.port } }, logger, {
      prefix: uniquePrefix('outage'),
      closeTimeoutMs: 500,
    });
    cleanups.push(async () => {
      await jobs.close();
      await server.stop();
    });
    const delivered: string[] = [];
    jobs.registerProcessor('outbound.deliver', async (data) => {
      delivered.push(data.deliveryKey);
    });
    await jobs.start();
    await jobs.enqueue('outbound.deliver', { deliveryKey: 'before' });
    await waitFor(() => delivered.includes('before'), 'the first delivery');

    await server.stop();
    await waitFor(() => lines.some((l) => /Lost the Redis connection/.test(l.msg)), 'the outage warning');
    const began = Date.now();
    await expect(jobs.enqueue('outbound.deliver', { deliveryKey: 'during' })).rejects.toMatchObject({ code: 'jobs_unavailable' });
    expect(Date.now() - began).toBeLessThan(1_000);
    await sleep(1_500); // several reconnect attempts
    expect(lines.filter((l) => /Lost the Redis connection/.test(l.msg))).toHaveLength(1);
    expect(lines.filter((l) => l.level >= ERROR)).toHaveLength(0);

    server = await startTestRedisServer([], server.port);
    await waitFor(() => lines.some((l) => l.msg === 'Redis connection restored'), 'the reconnect', 30_000);
    await waitFor(() => jobs.enqueue('outbound.deliver', { deliveryKey: 'after' }).then(() => true, () => false), 'enqueue to work again');
    await waitFor(() => delivered.includes('after'), 'the delivery after the outage', 30_000);
  }, 90_000);
});

describe('JobsUnavailable', () => {
  it('fails enqueue with jobs_unavailable and accepts set-up calls', async () => {
    const { logger } = captureLogger();
    const jobs = createJobs({ kind: 'unavailable', connectionOptions: {}, stop: async () => {} }, logger);
    expect(jobs).toBeInstanceOf(JobsUnavailable);
    expect(jobs.available).toBe(false);
    const error = await jobs.enqueue('outbound.deliver', { deliveryKey: 'd-1' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(JobsError);
    expect((error as JobsError).code).toBe('jobs_unavailable');
    expect((error as JobsError).message).toMatch(/no Redis is available/);
    expect(() => jobs.queue('outbound')).toThrow(JobsError);
    jobs.registerProcessor('outbound.deliver', async () => {});
    await jobs.upsertSchedule('prune', 'maintenance.prune-processed-events', { olderThanHours: 1 }, { every: 60_000 });
    await jobs.start();
    await jobs.close();
  });
});
