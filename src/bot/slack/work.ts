/**
 * Work done after Slack has its acknowledgement. Every task is tracked, so
 * its failure is logged (never an unhandled rejection) and shutdown waits
 * for what is still running.
 *
 * At most `limit` tasks run at once and the rest wait in order. The tasks
 * mostly wait (PostgreSQL round trips, batched across tasks by src/db/batcher,
 * and the Web API), so a few dozen at once keep the process busy; beyond
 * that they only interleave and delay the acks of new requests. bench:slack
 * on the shared 2-core machine (best round of four; median ratio to the bare
 * app): 8 at once answered 1,678 events/s (45%); 32, 2,340/s (62%); 64,
 * 2,121/s (58%); 128, 2,212/s (56%). Waiting on Slack (posting the replies)
 * is handed to `follow`, which holds no slot, so a slow Web API never
 * starves the queue.
 */
import type { Logger } from '../../log.js';
import { errorCodeOf } from '../core/errors.js';

export const DEFAULT_WORK_CONCURRENCY = 32;

export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();
  private readonly following = new Set<Promise<void>>();
  private readonly waiting: { what: string; task: () => Promise<void> }[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly log: Logger,
    private readonly limit = DEFAULT_WORK_CONCURRENCY,
  ) {}

  run(what: string, task: () => Promise<void>): void {
    this.waiting.push({ what, task });
    this.pump();
  }

  /** Track I/O that finishes a task (posting replies) without holding one of the `limit` slots. */
  follow(what: string, work: Promise<void>): void {
    const done: Promise<void> = this.guard(what, work).finally(() => {
      this.following.delete(done);
      this.settleIfIdle();
    });
    this.following.add(done);
  }

  get size(): number {
    return this.running.size + this.waiting.length + this.following.size;
  }

  /** Resolves when nothing is running, waiting or being followed (including work started meanwhile). */
  drain(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.limit) {
      const next = this.waiting.shift();
      if (!next) break;
      const done: Promise<void> = this.guard(next.what, startSoon(next.task)).finally(() => {
        this.running.delete(done);
        this.pump();
        this.settleIfIdle();
      });
      this.running.add(done);
    }
  }

  private guard(what: string, work: Promise<void>): Promise<void> {
    return work.catch((err: unknown) => this.log.error({ err, code: errorCodeOf(err), what }, 'Slack work failed'));
  }

  private settleIfIdle(): void {
    if (this.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/**
 * Start a task after the I/O of this loop turn: requests that arrived
 * together are all acknowledged before any of their work begins.
 */
function startSoon(task: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(task);
}
