/**
 * The send-rate limiter shared by every worker process: a GCRA ("generic cell
 * rate algorithm") per key, kept in Redis and run as one Lua script, so all
 * processes draw from the same budget for a Slack workspace or a Teams tenant.
 * The clock is Redis's own (TIME), so processes with skewed clocks agree.
 *
 * `acquire` reserves the next free slot and waits until it comes, so callers
 * are spaced evenly at the allowed rate instead of bursting into 429s, then
 * confirms the rate at the moment of sending (see confirm); a 429's
 * Retry-After `pause`s the key for everyone.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

export interface SendRate {
  /** Sends per second allowed under one key. */
  perSecond: number;
  /** How many may go at once after a quiet spell (default 1: evenly spaced). */
  burst?: number;
}

export interface SendRateLimiter {
  /** Wait until one send under `key` may go, then take it. */
  acquire(key: string): Promise<void>;
  /** Hold every send under `key` for `ms` (a 429's Retry-After), across all workers. */
  pause(key: string, ms: number): Promise<void>;
}

// Times in microseconds: Redis TIME gives them, and 1e6/rate stays exact enough.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
if wait > maxWait then return {0, math.floor(wait)} end
local newTat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', newTat), 'PX', math.ceil((newTat - now) / 1000) + 1000)
return {1, math.floor(wait)}
`;

const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilAt = now + tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilAt > tat then
  redis.call('SET', KEYS[1], string.format('%.0f', untilAt), 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
end
return 1
`;

/** Sends `confirm` lets out together at least (more when the key's configured burst is larger). */
const CONFIRM_BURST = 2;

/** A reservation further out than this is not taken: the caller sleeps and asks again (others may pause the key). */
const MAX_RESERVE_AHEAD_US = 2_000_000;

export class RedisRateLimiter implements SendRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly rateOf: (key: string) => SendRate | undefined,
    private readonly prefix = 'hypercare:send-rate',
  ) {}

  async acquire(key: string): Promise<void> {
    const rate = this.rateOf(key);
    if (!rate) return;
    const interval = 1_000_000 / rate.perSecond;
    const tolerance = interval * (Math.max(1, rate.burst ?? 1) - 1);
    for (;;) {
      const [taken, waitUs] = (await this.redis.eval(RESERVE, 1, this.redisKey(key), interval, tolerance, MAX_RESERVE_AHEAD_US)) as [number, number];
      if (waitUs > 0) await sleep(Math.ceil(Math.min(waitUs, MAX_RESERVE_AHEAD_US) / 1000));
      if (taken === 1) break;
    }
    await this.confirm(key, interval, Math.max(tolerance, interval * (CONFIRM_BURST - 1)));
  }

  /**
   * The reserved slot says when a send may go; this checks, at the moment it
   * goes, that the sends really leaving under the key keep the rate. A process
   * that stalled (garbage collection, a busy CPU) wakes with several due
   * slots at once, and sending them together is a burst the platform refuses:
   * bench:survey-fanout saw 8 posts land within 75 ms and draw 429s. Here they
   * are let out one interval apart (CONFIRM_BURST at once at most), across all
   * processes. The same GCRA, taken only when nothing has to wait.
   */
  private async confirm(key: string, interval: number, tolerance: number): Promise<void> {
    for (;;) {
      const [taken, waitUs] = (await this.redis.eval(RESERVE, 1, `${this.redisKey(key)}:sent`, interval, tolerance, 0)) as [number, number];
      if (taken === 1) return;
      await sleep(Math.max(1, Math.ceil(waitUs / 1000)));
    }
  }

  async pause(key: string, ms: number): Promise<void> {
    if (!(ms > 0)) return;
    await this.redis.eval(PAUSE, 1, this.redisKey(key), Math.ceil(ms * 1000));
  }

  private redisKey(key: string): string {
    return `${this.prefix}:${key}`;
  }
}

/** The limiter key of a thread: its platform and platform tenant (`slack:T123`, `teams:<tenant>`); none for local. */
export function rateKeyOf(threadId: string): string | undefined {
  const [platform, tenant] = threadId.split(':');
  if (platform !== 'slack' && platform !== 'teams') return undefined;
  return tenant ? `${platform}:${tenant}` : undefined;
}

/** Per-platform rates: every Slack workspace gets `slack`, every Teams tenant `teams`. */
export function platformRates(rates: { slack: SendRate; teams: SendRate }): (key: string) => SendRate | undefined {
  return (key) => (key.startsWith('slack:') ? rates.slack : key.startsWith('teams:') ? rates.teams : undefined);
}
