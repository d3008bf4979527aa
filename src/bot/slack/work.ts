/**
 * Work done after Slack has its acknowledgement. Every task is tracked, so
 * its failure is logged (never an unhandled rejection) and shutdown waits
 * for what is still running. At most `limit` tasks run at once and the rest
 * wait in order: unbounded work would crowd the event loop and delay the
 * acks of new requests past Slack's deadline.
 */
import type { Logger } from '../../log.js';
import { errorCodeOf } from '../core/errors.js';

export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();
  private readonly waiting: { what: string; task: () => Promise<void> }[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly log: Logger,
    private readonly limit = 16,
  ) {}

  run(what: string, task: () => Promise<void>): void {
    this.waiting.push({ what, task });
    this.pump();
  }

  get size(): number {
    return this.running.size + this.waiting.length;
  }

  /** Resolves when nothing is running or waiting (including work started meanwhile). */
  drain(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.limit) {
      const next = this.waiting.shift();
      if (!next) break;
      const done: Promise<void> = Promise.resolve()
        .then(next.task)
        .catch((err: unknown) => this.log.error({ err, code: errorCodeOf(err), what: next.what }, 'Slack work failed'))
        .finally(() => {
          this.running.delete(done);
          this.pump();
          if (this.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
      this.running.add(done);
    }
  }
}
