/** Benchmarks clean up after themselves: every Redis key under their queue prefix. */
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
