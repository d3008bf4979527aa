/**
 * Clean-up after tests and benchmarks: every Redis key under a prefix (bullmq's
 * own tests do the same with removeAllQueueData). Free of vitest, so the
 * benchmarks can import it too.
 */
import { closeRedisClient, createRedisClient } from '../../src/jobs/redis-client.js';

export async function deleteKeysUnder(connection: Parameters<typeof createRedisClient>[0], prefix: string): Promise<void> {
  const client = createRedisClient(connection);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await closeRedisClient(client);
  }
}
