import { describe, expect, it } from 'vitest';
import { JOBS, JOB_NAMES, QUEUE_NAMES, jobNamesOfQueue, parseJobData } from '../../src/jobs/definitions.js';

describe('job registry', () => {
  it('puts every job on a known queue and every queue has jobs', () => {
    for (const name of JOB_NAMES) expect(QUEUE_NAMES).toContain(JOBS[name].queue);
    for (const queue of QUEUE_NAMES) expect(jobNamesOfQueue(queue).length).toBeGreaterThan(0);
  });

  it('accepts ids and rejects free text, extra fields and wrong types', () => {
    expect(parseJobData('outbound.deliver', { deliveryKey: 'survey:s1:2025-W07:U123' })).toEqual({
      ok: true,
      data: { deliveryKey: 'survey:s1:2025-W07:U123' },
    });
    expect(parseJobData('outbound.deliver', { deliveryKey: 'Hi Alice, please fill in the survey' }).ok).toBe(false);
    expect(parseJobData('outbound.deliver', { deliveryKey: 'd1', text: 'body' }).ok).toBe(false);
    expect(parseJobData('escalations.sla-step', { escalationId: 'e1', version: 1.5, step: 0 }).ok).toBe(false);
    expect(parseJobData('digests.weekly', { tenantId: 't', managerId: 'm', weekStart: '2025-02-30' }).ok).toBe(false);
    expect(parseJobData('digests.weekly', { tenantId: 't', managerId: 'm', weekStart: '2025-02-10' }).ok).toBe(true);
  });

  it('describes problems by field and rule, never by value', () => {
    const result = parseJobData('outbound.deliver', { deliveryKey: 'my password is hunter2', note: 'hunter2' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join(' ')).toContain('deliveryKey');
    expect(result.problems.join(' ')).toContain('note');
    expect(result.problems.join(' ')).not.toContain('hunter2');
    expect(result.problems.join(' ')).not.toContain('my password');
  });
});
