/**
 * Redelivery guard. Slack retries unacknowledged events (x-slack-retry-num),
 * Teams can send an activity twice, and another replica may receive the same
 * event: the first insert of an event key wins, in shared storage, so each
 * question is answered exactly once across restarts and processes.
 */
import type { Db } from '../../db/client.js';
import { MicroBatcher } from '../../db/batcher.js';

export class EventDeduplicator {
  // Every inbound event passes here: under load, the keys of one loop turn share one INSERT.
  private readonly inserts = new MicroBatcher<string, boolean>((keys) => this.insertMany(keys));

  constructor(private readonly db: Db) {}

  /** True the first time `key` is seen, false for every later delivery. */
  firstDelivery(key: string): Promise<boolean> {
    return this.inserts.add(key);
  }

  /** Forget keys older than `maxAgeMs` (platforms stop retrying after minutes). */
  async prune(maxAgeMs: number, now = new Date()): Promise<number> {
    const { count } = await this.db.processedEvent.deleteMany({
      where: { receivedAt: { lt: new Date(now.getTime() - maxAgeMs) } },
    });
    return count;
  }

  private async insertMany(keys: readonly string[]): Promise<boolean[]> {
    const rows = await this.db.$queryRaw<{ key: string }[]>`/* prepared */
      INSERT INTO "ProcessedEvent" ("key", "receivedAt")
      SELECT DISTINCT k, now() FROM unnest(${keys as string[]}::text[]) AS k
      ON CONFLICT ("key") DO NOTHING
      RETURNING "key"`;
    const inserted = new Set(rows.map((r) => r.key));
    // The same key twice in one batch: only its first caller wins (delete is true once).
    return keys.map((key) => inserted.delete(key));
  }
}
