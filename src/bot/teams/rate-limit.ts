/**
 * Paces proactive sends under Teams' limits: about 7 messages per second
 * per conversation, and a cap per tenant. Each key keeps the start times of
 * its recent sends; a send waits until its window has room (and past any
 * Retry-After the connector asked for). In-process: with several bot
 * replicas, the BullMQ queue's own limiter is the shared brake.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedMutex } from '../core/keyed-mutex.js';

export interface WindowLimit {
  max: number;
  windowMs: number;
}

/** Tracked keys at which idle ones are swept (each sweep is one pass over the map). */
const SWEEP_FROM_KEYS = 1000;

export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly order = new KeyedMutex();
  private sweepAt = SWEEP_FROM_KEYS;

  constructor(
    private readonly limit: WindowLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Wait for a slot under `key`, then take it. Callers under one key go in arrival order. */
  acquire(key: string): Promise<void> {
    return this.order.run(key, () => this.take(key));
  }

  /** Hold every send under `key` for `ms` (a 429's Retry-After). */
  pause(key: string, ms: number): void {
    this.pausedUntil.set(key, Math.max(this.pausedUntil.get(key) ?? 0, this.now() + ms));
  }

  /** Keys tracked now (tests; a survey to 10,000 people must not leave 10,000 behind). */
  get size(): number {
    return new Set([...this.sent.keys(), ...this.pausedUntil.keys()]).size;
  }

  private async take(key: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const paused = (this.pausedUntil.get(key) ?? 0) - now;
      if (paused > 0) {
        await sleep(paused);
        continue;
      }
      this.pausedUntil.delete(key);
      const recent = (this.sent.get(key) ?? []).filter((t) => t > now - this.limit.windowMs);
      if (recent.length < this.limit.max) {
        recent.push(now);
        this.remember(key, recent, now);
        return;
      }
      this.sent.set(key, recent);
      await sleep(recent[0]! + this.limit.windowMs - now + 1);
    }
  }

  /**
   * Keys are conversations, so one per person a survey went to: once there
   * are many, the ones whose last send left the window are dropped.
   */
  private remember(key: string, recent: number[], now: number): void {
    this.sent.set(key, recent);
    if (this.sent.size < this.sweepAt) return;
    for (const [other, times] of this.sent) {
      if (times[times.length - 1]! <= now - this.limit.windowMs) this.sent.delete(other);
    }
    for (const [other, until] of this.pausedUntil) if (until <= now) this.pausedUntil.delete(other);
    // Many keys still in their window: sweep again only once the map has doubled.
    this.sweepAt = Math.max(SWEEP_FROM_KEYS, this.sent.size * 2);
  }
}
