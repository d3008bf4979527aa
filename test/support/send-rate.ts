/** Taking a send slot the way a worker's send does, for tests that only need "wait, then go". */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SendRateLimiter } from '../../src/delivery/rate-limit.js';

/** Reserve the next slot under `key` (coming back at its turn while it is far off), wait for it, then confirm. */
export async function acquire(limiter: SendRateLimiter, key: string): Promise<void> {
  for (;;) {
    const slot = await limiter.reserve(key, 2_000);
    if (slot.taken) break;
    await sleep(slot.retryInMs);
  }
  await limiter.confirm(key);
}
