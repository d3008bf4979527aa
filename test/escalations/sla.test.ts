/**
 * SLA timers against real PostgreSQL and Redis. Policy minutes are shrunk
 * through minuteMs; the working-time clock is fixed on a Wednesday morning.
 * Tests wait on recorded notifications rather than racing the worker's reads.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EscalationService } from '../../src/escalations/service.js';
import { SlaTimers, slaJobId, type SlaNotificationKind, type SlaRecipients } from '../../src/escalations/sla.js';
import type { Escalation } from '../../src/generated/prisma/client.js';
import { JobSystem } from '../../src/jobs/system.js';
import { silentLogger } from '../../src/log.js';
import { appScope } from './app-process.js';
import { SHARED_REDIS, waitFor } from '../jobs/helpers.js';
import { WEDNESDAY_10, WORKDAY, fixedClock, seedGroup, seedQuestion, seedTenant, seedUser } from './fixtures.js';

interface Call {
  kind: SlaNotificationKind;
  escalation: Escalation;
  recipients: SlaRecipients;
  step: number;
  deliveryKey: string;
}

const scope = appScope();

function jobSystem(prefix: string): JobSystem {
  const jobs = new JobSystem({ kind: 'url', connectionOptions: SHARED_REDIS }, silentLogger, { prefix, closeTimeoutMs: 2_000 });
  scope.defer(() => jobs.close());
  return jobs;
}

function slaWith(jobs: JobSystem, calls: Call[], minuteMs: number) {
  const clock = fixedClock(WEDNESDAY_10);
  const sla = new SlaTimers({
    db: scope.db().prisma,
    jobs,
    clock: clock.now,
    minuteMs,
    notify: async (kind, escalation, recipients, info) => void calls.push({ kind, escalation, recipients, step: info.step, deliveryKey: info.deliveryKey }),
  });
  const service = new EscalationService({ db: scope.db().prisma, clock: clock.now, afterChange: (e) => sla.schedule(e).then(() => undefined) });
  return { sla, service };
}

async function seedScene(options: { backup?: boolean } = {}) {
  const p = scope.db().prisma;
  const tenant = await seedTenant(p, { sla: { claimMinutes: 1, firstReplyMinutes: 1, resolveMinutes: 5 } });
  const asker = await seedUser(p, tenant.id, 'end_user');
  const lead = await seedUser(p, tenant.id, 'engineer');
  const backupEngineer = await seedUser(p, tenant.id, 'engineer');
  const backup = options.backup ? await seedGroup(p, tenant.id, 'Backup desk', { members: [{ userId: backupEngineer.id }] }) : null;
  const group = await seedGroup(p, tenant.id, 'Purchasing', {
    isFallback: true,
    settings: { ...WORKDAY, ...(backup ? { backupGroupId: backup.id } : {}) },
    members: [{ userId: lead.id, isLead: true }],
  });
  const question = await seedQuestion(p, tenant.id, asker.id);
  const prefix = scope.prefix('sla');
  return { tenant, asker, lead, backupEngineer, backup, group, question, prefix };
}

describe('SLA timers', () => {
  it('reminds the on-call engineer, then re-routes to the backup group and alerts the lead, then reminds once more', async () => {
    const scene = await seedScene({ backup: true });
    const calls: Call[] = [];
    const jobs = jobSystem(scene.prefix);
    const { sla, service } = slaWith(jobs, calls, 40);
    sla.register();
    await jobs.start();

    const { escalation } = await service.create({ tenantId: scene.tenant.id, questionId: scene.question.id });
    await waitFor(() => calls.length >= 4, 'four SLA notifications');
    await sleep(200); // nothing more may follow the last step
    expect(calls.map((c) => [c.kind, c.step, c.recipients.userIds])).toEqual([
      ['claim_reminder', 0, [scene.lead.id]],
      ['lead_alert', 1, [scene.lead.id]],
      ['rerouted', 1, [scene.backupEngineer.id]],
      ['claim_reminder', 2, [scene.backupEngineer.id]],
    ]);
    const moved = await service.get(scene.tenant.id, escalation.id);
    expect(moved).toMatchObject({ groupId: scene.backup?.id, assigneeId: scene.backupEngineer.id, status: 'open', version: 1 });
    expect(new Set(calls.map((c) => c.deliveryKey)).size).toBe(4);
    const rerouted = await scope.db().prisma.adoptionEvent.findMany({ where: { tenantId: scene.tenant.id, kind: 'escalation_rerouted' } });
    expect(rerouted.map((e) => e.data)).toEqual([{ escalationId: escalation.id, fromGroupId: scene.group.id, toGroupId: scene.backup?.id }]);
  });

  it('survives a worker restart without duplicate reminders', async () => {
    const scene = await seedScene();
    const calls: Call[] = [];
    const first = jobSystem(scene.prefix);
    const { sla, service } = slaWith(first, calls, 60);
    // No worker yet: the step waits in Redis.
    const { escalation } = await service.create({ tenantId: scene.tenant.id, questionId: scene.question.id });
    expect(await sla.resync(scene.tenant.id)).toBe(1);
    expect(await sla.schedule(escalation)).toEqual({ jobId: slaJobId(escalation.id, 0, 0), step: 0 });
    expect(await first.queue('escalations').getJobCountByTypes('delayed', 'wait')).toBe(1);
    await first.close();
    await sleep(150); // the step falls due while no process is running

    const second = jobSystem(scene.prefix);
    const restarted = slaWith(second, calls, 60);
    restarted.sla.register();
    await second.start();
    await restarted.sla.resync(scene.tenant.id); // start-up resync: same job id, nothing added
    await waitFor(() => calls.some((c) => c.step === 2), 'the last SLA step');
    await restarted.sla.resync(scene.tenant.id); // after it ran: still nothing added
    await sleep(300);
    expect(calls.map((c) => [c.kind, c.step])).toEqual([
      ['claim_reminder', 0],
      ['lead_alert', 1],
      ['claim_reminder', 2],
    ]);
  });

  it('does nothing once the escalation is resolved, and restarts the ladder for the next stage after a claim', async () => {
    const scene = await seedScene();
    const calls: Call[] = [];
    const jobs = jobSystem(scene.prefix);
    const { sla, service } = slaWith(jobs, calls, 150);
    sla.register();
    await jobs.start();

    const resolved = (await service.create({ tenantId: scene.tenant.id, questionId: scene.question.id })).escalation;
    await service.resolve(scene.tenant.id, resolved.id, scene.lead.id);
    const queue = jobs.queue('escalations');
    await waitFor(async () => (await queue.getJobCountByTypes('completed')) >= 1, 'the stale step to run');
    expect(calls).toEqual([]);
    expect(await sla.runStep({ escalationId: resolved.id, version: 0, step: 0 })).toBe('closed');

    const other = await seedQuestion(scope.db().prisma, scene.tenant.id, scene.asker.id);
    const claimed = (await service.create({ tenantId: scene.tenant.id, questionId: other.id })).escalation;
    await service.claim(scene.tenant.id, claimed.id, scene.lead.id);
    await waitFor(() => calls.length >= 1, 'the first-reply reminder');
    expect(calls[0]).toMatchObject({ kind: 'first_reply_reminder', step: 0, recipients: { userIds: [scene.lead.id] } });
    expect(calls[0]?.escalation.version).toBe(1);
    // The claim-stage step of version 0 found the escalation moved on.
    expect(await sla.runStep({ escalationId: claimed.id, version: 0, step: 0 })).toBe('stale');
    expect(calls.filter((c) => c.kind === 'claim_reminder')).toEqual([]);
  });
});
