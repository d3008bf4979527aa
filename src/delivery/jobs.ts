/** Wires the outbound.deliver job to the delivery path; the last failed attempt marks the row failed. */
import type { Jobs } from '../jobs/system.js';
import type { OutboundDelivery } from './outbound.js';

export function registerDeliveryJobs(jobs: Jobs, outbound: OutboundDelivery): void {
  jobs.registerProcessor('outbound.deliver', async ({ deliveryKey }, ctx) => {
    try {
      await outbound.process(deliveryKey);
    } catch (err) {
      if (ctx.attempt >= ctx.maxAttempts) await outbound.markFailed(deliveryKey, err instanceof Error ? err.message : String(err));
      throw err;
    }
  });
}
