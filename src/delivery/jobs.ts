/**
 * Wires the outbound.deliver job to the delivery path: a send that steps aside
 * for its rate slot is delayed (no attempt counted), and the last failed
 * attempt marks the row failed.
 */
import type { Jobs } from '../jobs/system.js';
import { SendDeferred, type OutboundDelivery } from './outbound.js';

export function registerDeliveryJobs(jobs: Jobs, outbound: OutboundDelivery): void {
  jobs.registerProcessor('outbound.deliver', async ({ deliveryKey, rateKey }, ctx) => {
    try {
      await outbound.process(deliveryKey, { stepAside: true, rateKey });
    } catch (err) {
      if (err instanceof SendDeferred) return ctx.defer(err.retryInMs);
      if (ctx.attempt >= ctx.maxAttempts) await outbound.markFailed(deliveryKey, err instanceof Error ? err.message : String(err));
      throw err;
    }
  });
}
