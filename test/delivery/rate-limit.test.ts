/**
 * The send-rate limiter in real Redis: two limiters on their own connections
 * (as two worker processes) share one budget per key, keys do not share, and
 * a pause (a 429's Retry-After) holds every holder of the key; callers that
 * will not wait long are given turns instead of slots.
 */
import { setTimeout as sleepMs } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter, rateKeyOf } from '../../src/delivery/rate-limit.js';
import { acquire } from '../support/send-rate.js';
import { closeRedisClient, createRedisClient } from '../../src/jobs/redis-client.js';
import { SHARED_REDIS, deleteKeys, uniquePrefix } from '../jobs/helpers.js';

describe('the shared send-rate limiter', () => {
  const prefix = uniquePrefix('rate');
  const clients = [createRedisClient(SHARED_REDIS), createRedisClient(SHARED_REDIS)];
  const rates = (key: string) => (key.startsWith('slack:') ? { perSecond: 40 } : undefined);
  let workers: RedisRateLimiter[];
  beforeAll(() => {
    workers = clients.map((client) => new RedisRateLimiter(client, rates, prefix));
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    await Promise.all(clients.map((c) => closeRedisClient(c)));
  });

  it('two workers together stay at the allowed rate for one workspace', async () => {
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(
      workers.flatMap((worker) => Array.from({ length: 30 }, () => acquire(worker, 'slack:T1').then(() => times.push(Date.now())))),
    );
    // 60 sends at 40/s: the last may go no sooner than 59 intervals after the first.
    expect(Math.max(...times) - started).toBeGreaterThanOrEqual((59 / 40) * 1000 - 30);
  });

  it('keys are separate budgets, and keys without a rate are not limited', async () => {
    const order: string[] = [];
    const busy = Array.from({ length: 20 }, () => acquire(workers[0]!, 'slack:T2').then(() => order.push('T2')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all([acquire(workers[1]!, 'slack:T3').then(() => order.push('T3')), acquire(workers[1]!, 'local:x').then(() => order.push('local'))]);
    await Promise.all(busy);
    // T3 and the local channel did not queue behind T2's twenty (half a second of its budget).
    expect(order.indexOf('T3')).toBeLessThan(order.length - 1);
    expect(order.lastIndexOf('T2')).toBe(order.length - 1);
  });

  it('a pause from one worker holds the other', async () => {
    await workers[0]!.pause('slack:T4', 800);
    const started = Date.now();
    await acquire(workers[1]!, 'slack:T4');
    expect(Date.now() - started).toBeGreaterThanOrEqual(750);
  });

  it('lets sends out at the rate after a stall, not as one burst of all the slots that fell due', async () => {
    const released: number[] = [];
    const waiting = Array.from({ length: 16 }, () => acquire(workers[0]!, 'slack:T5').then(() => released.push(performance.now())));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The process stalls (as under garbage collection or a busy CPU) while its slots fall due.
    const stalledUntil = Date.now() + 300;
    while (Date.now() < stalledUntil);
    await Promise.all(waiting);
    released.sort((a, b) => a - b);
    // 40/s is one per 25 ms: in any 50 ms, two plus the one extra a burst allows (a little slack for timers).
    const mostInFiftyMs = Math.max(...released.map((t) => released.filter((u) => u >= t && u < t + 50).length));
    expect(mostInFiftyMs).toBeLessThanOrEqual(4);
  });

  it('takes no slot beyond the wait a caller allows; it gives each such caller its own turn, one interval apart, at which a slot is free', async () => {
    const key = 'slack:T6';
    const first = await Promise.all(Array.from({ length: 12 }, (_, i) => workers[i % 2]!.reserve(key, 100)));
    const taken = first.filter((slot) => slot.taken).length;
    // 40/s is one per 25 ms: the slots at 0, 25, 50, 75 and 100 ms (one more if the clock moved on meanwhile).
    expect(taken).toBeGreaterThanOrEqual(4);
    expect(taken).toBeLessThanOrEqual(6);
    const turns = first.flatMap((slot) => (slot.taken ? [] : [slot.retryInMs])).sort((a, b) => a - b);
    for (let i = 1; i < turns.length; i++) expect(turns[i]! - turns[i - 1]!).toBeGreaterThanOrEqual(23);
    // Each comes back at its turn and finds a slot within its wait.
    const comeBack = await Promise.all(turns.map((ms) => sleepMs(ms).then(() => workers[1]!.reserve(key, 100))));
    expect(comeBack.every((slot) => slot.taken)).toBe(true);
  });

  it('marks one send per key at a time between the wait and the take, so a kill catches at most one marked and unsent', async () => {
    let marked = 0;
    let mostMarked = 0;
    const sent: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, () =>
        workers[0]!
          .confirm('slack:T8', async () => {
            marked++;
            mostMarked = Math.max(mostMarked, marked);
            await sleepMs(5); // the database round trip
          })
          .then(() => {
            marked--;
            sent.push(performance.now());
          }),
      ),
    );
    expect(mostMarked).toBe(1);
    sent.sort((a, b) => a - b);
    // Still paced: ten sends at 40/s (two may go at once) take at least eight intervals.
    expect(sent[9]! - sent[0]!).toBeGreaterThanOrEqual(8 * 25 - 10);
  });

  it('hands out turns without taking slots: due at once while the key is free, then one interval apart', async () => {
    const key = 'slack:T7';
    // A free key: the first turns are due now (within the 100 ms hold), and asking took no slot.
    expect(await workers[0]!.turns(key, 3, 100)).toEqual([0, 0, 0]);
    const startedAt = Date.now();
    expect(await workers[0]!.reserve(key, 100)).toEqual({ taken: true });
    expect(Date.now() - startedAt).toBeLessThan(20);
    // The next slot is 300 ms away: turns follow it, one interval (25 ms) apart, across workers.
    await workers[1]!.pause(key, 300);
    const [first, second] = [await workers[0]!.turns(key, 4, 50), await workers[1]!.turns(key, 2, 50)];
    const turns = [...first!, ...second!];
    expect(turns[0]).toBeGreaterThanOrEqual(300 - 50 - 5);
    for (let i = 1; i < turns.length; i++) expect(turns[i]! - turns[i - 1]!).toBeGreaterThanOrEqual(20);
    expect(turns[5]! - turns[0]!).toBeLessThanOrEqual(5 * 25 + 10);
  });

  it('names a key per Slack workspace and Teams tenant, none for the local channel', () => {
    expect(rateKeyOf('slack:T1:D123')).toBe('slack:T1');
    expect(rateKeyOf('teams:tenant-1:a:conv')).toBe('teams:tenant-1');
    expect(rateKeyOf('local:ann')).toBeUndefined();
  });
});
