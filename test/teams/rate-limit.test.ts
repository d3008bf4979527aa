/**
 * The in-process pacing of Teams sends: a key's sends stay within its window
 * and go in arrival order, a pause holds them, and keys whose sends have
 * left the window are dropped once there are many (one key per person a
 * survey went to).
 */
import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../src/bot/teams/rate-limit.js';

describe('SlidingWindowLimiter', () => {
  it('lets `max` sends through per window and the rest after it, in arrival order', async () => {
    const limiter = new SlidingWindowLimiter({ max: 2, windowMs: 600 });
    const started = Date.now();
    const done: { n: number; at: number }[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => limiter.acquire('conv-a').then(() => done.push({ n, at: Date.now() - started }))));
    expect(done.map((d) => d.n)).toEqual([1, 2, 3, 4]);
    expect(done[1]!.at).toBeLessThan(400);
    expect(done[2]!.at).toBeGreaterThanOrEqual(595);
    // Another key is not held up by the first.
    const other = Date.now();
    await limiter.acquire('conv-b');
    expect(Date.now() - other).toBeLessThan(400);
  });

  it('holds a paused key for the time asked', async () => {
    const limiter = new SlidingWindowLimiter({ max: 10, windowMs: 1000 });
    limiter.pause('tenant-1', 200);
    const started = Date.now();
    await limiter.acquire('tenant-1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('forgets keys whose sends left the window once it tracks many', async () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter({ max: 7, windowMs: 1000 }, () => now);
    for (let i = 0; i < 998; i++) await limiter.acquire(`conv-${i}`);
    // A Retry-After on a conversation that never sends again is forgotten too, once over.
    limiter.pause('conv-paused', 1000);
    expect(limiter.size).toBe(999);
    now += 5000;
    await limiter.acquire('conv-late-1');
    await limiter.acquire('conv-late-2');
    expect(limiter.size).toBeLessThanOrEqual(2);
  });
});
