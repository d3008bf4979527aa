/**
 * Paces proactive sends under Teams' limits: about 7 messages per second
 * per conversation, and a cap per tenant. Each key keeps the start times of
 * its recent sends; a send waits until its window has room (and past any
 * Retry-After the connector asked for). In-process: with several bot
 * replicas, the BullMQ queue's own limiter is the shared brake.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface WindowLimit {
  max: number;
  windowMs: number;
}

export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly limit: WindowLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Wait for a slot under `key`, then take it. Callers under one key go in arrival order. */
  acquire(key: string): Promise<void> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const mine = previous.then(() => this.take(key));
    const tail = mine.catch(() => {});
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return mine;
  }

  /** Hold every send under `key` for `ms` (a 429's Retry-After). */
  pause(key: string, ms: number): void {
    this.pausedUntil.set(key, Math.max(this.pausedUntil.get(key) ?? 0, this.now() + ms));
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
        this.sent.set(key, recent);
        return;
      }
      this.sent.set(key, recent);
      await sleep(recent[0]! + this.limit.windowMs - now + 1);
    }
  }
}
