/**
 * The send-rate limiter shared by every worker process: a GCRA ("generic cell
 * rate algorithm") per key, kept in Redis and run as one Lua script, so all
 * processes draw from the same budget for a Slack workspace or a Teams tenant.
 * The clock is Redis's own (TIME), so processes with skewed clocks agree.
 *
 * `reserve` takes the next free slot and waits until it comes, so callers
 * are spaced evenly at the allowed rate instead of bursting into 429s; a slot
 * further off than the caller will wait is not taken, and the caller is given
 * a turn to come back at instead (a queued job steps aside rather than hold a
 * worker's job slot). `confirm` checks the rate again at the moment of
 * sending. A 429's Retry-After `pause`s the key for everyone.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { KeyedMutex } from '../bot/core/keyed-mutex.js';

export interface SendRate {
  /** Sends per second allowed under one key. */
  perSecond: number;
  /** How many may go at once after a quiet spell (default 1: evenly spaced). */
  burst?: number;
}

/** A slot taken (and waited for), or none within the wait the caller allowed and when to come back. */
export type Slot = { taken: true } | { taken: false; retryInMs: number };

export interface SendRateLimiter {
  /** Take the next slot under `key` if it comes within `holdMs`, and wait for it; otherwise take none. */
  reserve(key: string, holdMs: number): Promise<Slot>;
  /**
   * Take no slot but `count` consecutive turns, and say in how many
   * milliseconds each comes within `holdMs` of its slot (0: now). Queued sends
   * are scheduled for their turns rather than fetched early only to step aside.
   */
  turns(key: string, count: number, holdMs: number): Promise<number[]>;
  /**
   * Right before the request: wait until the sends really leaving under `key`
   * keep the rate, run `beforeTake` (the caller's last step before posting),
   * then take the moment.
   */
  confirm(key: string, beforeTake?: () => Promise<unknown>): Promise<void>;
  /** Hold every send under `key` for `ms` (a 429's Retry-After), across all workers. */
  pause(key: string, ms: number): Promise<void>;
}

/*
 * Times in microseconds: Redis TIME gives them, and 1e6/rate stays exact enough.
 * KEYS[1] is the slot clock (GCRA's "theoretical arrival time"). KEYS[2], when
 * given, is the turn clock (the next turn not yet handed out): callers whose
 * slot is too far off each get their own turn one interval apart, so they
 * come back at the rate the key allows instead of all at once (the reply is
 * then how long until their turn is within their wait). ARGV[4] = '1' only
 * looks: a slot within the wait is reported, not taken.
 */
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
if wait > maxWait then
  if #KEYS < 2 then return {0, math.floor(wait)} end
  local turn = tonumber(redis.call('GET', KEYS[2]) or '0')
  if turn < tat then turn = tat end
  redis.call('SET', KEYS[2], string.format('%.0f', turn + interval), 'PX', math.ceil((turn + interval - now) / 1000) + 1000)
  return {0, math.floor(turn - tolerance - maxWait - now)}
end
if ARGV[4] == '1' then return {1, math.floor(wait)} end
local newTat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', newTat), 'PX', math.ceil((newTat - now) / 1000) + 1000)
return {1, math.floor(wait)}
`;

/** KEYS as RESERVE; hands out ARGV[2] turns after the later of the turn clock and the slot clock; returns the first one's offset from now. */
const TURNS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local start = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0'), now)
local last = start + count * interval
redis.call('SET', KEYS[2], string.format('%.0f', last), 'PX', math.ceil((last - now) / 1000) + 1000)
return math.floor(start - now)
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

export class RedisRateLimiter implements SendRateLimiter {
  /** One send per key at a time in `confirm` (the next one waits for it). */
  private readonly confirming = new KeyedMutex();

  constructor(
    private readonly redis: Redis,
    private readonly rateOf: (key: string) => SendRate | undefined,
    private readonly prefix = 'hypercare:send-rate',
  ) {}

  async reserve(key: string, holdMs: number): Promise<Slot> {
    const rate = this.rateOf(key);
    if (!rate) return { taken: true };
    const { interval, tolerance } = gcra(rate);
    const [taken, waitUs] = (await this.redis.eval(RESERVE, 2, this.redisKey(key), `${this.redisKey(key)}:turn`, interval, tolerance, Math.max(0, holdMs) * 1000)) as [number, number];
    if (taken !== 1) return { taken: false, retryInMs: Math.max(1, Math.ceil(waitUs / 1000)) };
    if (waitUs > 0) await sleep(Math.ceil(waitUs / 1000));
    return { taken: true };
  }

  async turns(key: string, count: number, holdMs: number): Promise<number[]> {
    const rate = this.rateOf(key);
    if (!rate || count < 1) return Array.from({ length: Math.max(0, count) }, () => 0);
    const { interval, tolerance } = gcra(rate);
    const startUs = (await this.redis.eval(TURNS, 2, this.redisKey(key), `${this.redisKey(key)}:turn`, interval, count)) as number;
    // Turn i's slot is i intervals after the start; its job is due when that slot is within the hold.
    return Array.from({ length: count }, (_, i) => Math.max(0, Math.ceil((startUs + i * interval - tolerance - holdMs * 1000) / 1000)));
  }

  /**
   * The reserved slot says when a send may go; this checks, at the moment it
   * goes, that the sends really leaving under the key keep the rate. A process
   * that stalled (garbage collection, a busy CPU) wakes with several due
   * slots at once, and sending them together is a burst the platform refuses:
   * bench:survey-fanout saw 8 posts land within 75 ms and draw 429s. Here they
   * are let out one interval apart (CONFIRM_BURST at once at most), across all
   * processes. The same GCRA, taken only when nothing has to wait.
   *
   * `beforeTake` runs between the wait and the take: the outbound path marks
   * the send in flight there. Before the wait, a send killed while waiting
   * would be given up unsent (bench:survey-fanout lost 22 that way); after
   * the take, the database round trip would sit between the check and the
   * post, and sends it held up would leave together. One send per key at a
   * time in this process goes through these steps: sends that passed the
   * wait together would otherwise all be marked and then queue for the take
   * (a kill then gave up 8 unsent).
   */
  async confirm(key: string, beforeTake?: () => Promise<unknown>): Promise<void> {
    const rate = this.rateOf(key);
    if (!rate) {
      await beforeTake?.();
      return;
    }
    await this.confirming.run(key, () => this.confirmInTurn(key, rate, beforeTake));
  }

  private async confirmInTurn(key: string, rate: SendRate, beforeTake?: () => Promise<unknown>): Promise<void> {
    const { interval, tolerance } = gcra(rate);
    const confirmTolerance = Math.max(tolerance, interval * (CONFIRM_BURST - 1));
    const attempt = async (take: boolean) => {
      for (;;) {
        const [ok, waitUs] = (await this.redis.eval(RESERVE, 1, `${this.redisKey(key)}:sent`, interval, confirmTolerance, 0, take ? 0 : 1)) as [number, number];
        if (ok === 1) return;
        await sleep(Math.max(1, Math.ceil(waitUs / 1000)));
      }
    };
    await attempt(false);
    await beforeTake?.();
    await attempt(true);
  }

  async pause(key: string, ms: number): Promise<void> {
    if (!(ms > 0)) return;
    await this.redis.eval(PAUSE, 1, this.redisKey(key), Math.ceil(ms * 1000));
  }

  private redisKey(key: string): string {
    return `${this.prefix}:${key}`;
  }
}

/** GCRA's emission interval and burst tolerance, in microseconds. */
function gcra(rate: SendRate): { interval: number; tolerance: number } {
  const interval = 1_000_000 / rate.perSecond;
  return { interval, tolerance: interval * (Math.max(1, rate.burst ?? 1) - 1) };
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
