/**
 * Redelivery guard. Slack retries unacknowledged events (x-slack-retry-num),
 * Teams can send an activity twice, and another replica may receive the same
 * event: the first insert of an event key wins, in shared storage, so each
 * question is answered exactly once across restarts and processes.
 */
import type { Db } from '../../db/client.js';

export class EventDeduplicator {
  constructor(private readonly db: Db) {}

  /** True the first time `key` is seen, false for every later delivery. */
  async firstDelivery(key: string): Promise<boolean> {
    // One plain statement: this runs for every inbound event, and Prisma's createMany costs ~3× the CPU.
    const inserted = await this.db.$executeRaw`INSERT INTO "ProcessedEvent" ("key", "receivedAt") VALUES (${key}, now()) ON CONFLICT ("key") DO NOTHING`;
    return inserted === 1;
  }

  /** Forget keys older than `maxAgeMs` (platforms stop retrying after minutes). */
  async prune(maxAgeMs: number, now = new Date()): Promise<number> {
    const { count } = await this.db.processedEvent.deleteMany({
      where: { receivedAt: { lt: new Date(now.getTime() - maxAgeMs) } },
    });
    return count;
  }
}
