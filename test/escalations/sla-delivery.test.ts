/**
 * SLA timers as the app runs them: the escalation service of createApp moves
 * the timers, the job processor runs on real Redis, and reminders, re-routes
 * and lead alerts arrive in people's local inboxes through the outbound
 * delivery path. Working time is a fixed Wednesday morning; a policy minute
 * lasts a few real milliseconds.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { slaJobId } from '../../src/escalations/sla.js';
import { waitFor } from '../jobs/helpers.js';
import { appScope, headings } from './app-process.js';
import { WORKDAY, seedGroup, seedQuestion, seedTenant } from './fixtures.js';

const scope = appScope();
const { startProcess, inboxOf } = scope;
const localUser = (tenantId: string, name: string, role: 'end_user' | 'engineer', locale?: string) => scope.localUser(tenantId, name, role, locale ? { locale } : {});

async function seedScene(options: { backup?: boolean; channel?: boolean } = {}) {
  const p = scope.db().prisma;
  const tenant = await seedTenant(p, { sla: { claimMinutes: 1, firstReplyMinutes: 1, resolveMinutes: 5 } });
  const tag = tenant.id.slice(-6);
  const asker = await localUser(tenant.id, `asker-${tag}`, 'end_user');
  const onCall = await localUser(tenant.id, `oncall-${tag}`, 'engineer');
  const lead = await localUser(tenant.id, `lead-${tag}`, 'engineer', 'zh-CN');
  const backupEngineer = await localUser(tenant.id, `backup-${tag}`, 'engineer');
  const backup = options.backup ? await seedGroup(p, tenant.id, 'Backup desk', { members: [{ userId: backupEngineer.id }] }) : null;
  const group = await seedGroup(p, tenant.id, 'Purchasing', {
    isFallback: true,
    settings: { ...WORKDAY, ...(backup ? { backupGroupId: backup.id } : {}) },
    // Weekly rotation: in the week of 4 March 2026 the second in line (position 1) is on call.
    members: [{ userId: lead.id, isLead: true, position: 0 }, { userId: onCall.id, position: 1 }],
    ...(options.channel ? { channelThreadId: `local:${(await localUser(tenant.id, `channel-${tag}`, 'engineer')).platformUserId}` } : {}),
  });
  const question = await seedQuestion(p, tenant.id, asker.id);
  const prefix = scope.prefix('sla-delivery');
  return { tenant, asker, onCall, lead, backupEngineer, backup, group, question, prefix };
}

describe('SLA timers through the outbound path', () => {
  it('sends the claim reminder to the on-call engineer, then re-routes to the backup group and alerts the lead in their language', async () => {
    const scene = await seedScene({ backup: true });
    const { app } = await startProcess(scene.prefix, { minuteMs: 40 });
    const { escalation } = await app.escalations.service.create({ tenantId: scene.tenant.id, questionId: scene.question.id });
    expect(escalation.assigneeId).toBe(scene.onCall.id);

    await waitFor(async () => (await inboxOf(scene.tenant.id, scene.backupEngineer.id)).length >= 2, 'the re-route notice and the last reminder');
    await waitFor(async () => (await inboxOf(scene.tenant.id, scene.lead.id)).length >= 1, 'the lead alert');
    await sleep(300); // nothing more may follow the last step

    const onCallInbox = await inboxOf(scene.tenant.id, scene.onCall.id);
    expect(headings(onCallInbox)).toEqual(['Reminder: a question is waiting for an engineer']);
    expect(onCallInbox[0]?.text).toContain('How do I post a goods receipt?');
    expect(headings(await inboxOf(scene.tenant.id, scene.lead.id))).toEqual(['Purchasing 未达到服务时限']);
    expect(headings(await inboxOf(scene.tenant.id, scene.backupEngineer.id))).toEqual([
      'Escalation re-routed to your group',
      'Still unclaimed: a question has waited too long',
    ]);
    const moved = await app.escalations.service.get(scene.tenant.id, escalation.id);
    expect(moved).toMatchObject({ groupId: scene.backup?.id, assigneeId: scene.backupEngineer.id, status: 'open' });
    const rows = await scope.db().prisma.outboundDelivery.findMany({ where: { tenantId: scene.tenant.id } });
    expect(rows.every((r) => r.kind === 'sla_alert' && r.status === 'sent')).toBe(true);
  });

  it('posts in the group channel when nobody is on call', async () => {
    const scene = await seedScene({ channel: true });
    // A group without members: nobody is on call and nobody leads, so the channel hears every step.
    await scope.db().prisma.engineerGroupMember.deleteMany({ where: { groupId: scene.group.id } });
    const { app } = await startProcess(scene.prefix, { minuteMs: 40 });
    const { escalation } = await app.escalations.service.create({ tenantId: scene.tenant.id, questionId: scene.question.id });
    expect(escalation.assigneeId).toBeNull();
    const channelUser = await scope.db().prisma.user.findFirstOrThrow({ where: { tenantId: scene.tenant.id, platformUserId: (scene.group.channelThreadId ?? '').slice('local:'.length) } });
    await waitFor(async () => (await inboxOf(scene.tenant.id, channelUser.id)).length >= 3, 'three channel posts');
    await sleep(200);
    expect(headings(await inboxOf(scene.tenant.id, channelUser.id))).toEqual([
      'Reminder: a question is waiting for an engineer',
      'SLA missed in Purchasing',
      'Still unclaimed: a question has waited too long',
    ]);
  });

  it('sends no reminder twice across a worker restart or a re-run step', async () => {
    const scene = await seedScene();
    const first = await startProcess(scene.prefix, { minuteMs: 150 });
    const { escalation } = await first.app.escalations.service.create({ tenantId: scene.tenant.id, questionId: scene.question.id });
    await waitFor(async () => (await inboxOf(scene.tenant.id, scene.onCall.id)).length >= 1, 'the first reminder');
    await first.jobs.close(); // the worker stops; the next steps fall due while no process runs
    await sleep(400);

    const second = await startProcess(scene.prefix, { minuteMs: 150 });
    await second.app.escalations.resync(); // start-up resync: the same job ids, nothing added
    await waitFor(async () => (await inboxOf(scene.tenant.id, scene.lead.id)).length >= 2, 'the lead alert and the last reminder');
    // A step that runs again (a retry after a crash between posting and finishing) posts nothing new.
    await second.app.escalations.sla.runStep({ escalationId: escalation.id, version: 0, step: 0 });
    await second.app.escalations.sla.runStep({ escalationId: escalation.id, version: 0, step: 2 });
    await second.app.escalations.resync();
    await sleep(400);

    expect(headings(await inboxOf(scene.tenant.id, scene.onCall.id))).toEqual([
      'Reminder: a question is waiting for an engineer',
      'Still unclaimed: a question has waited too long',
    ]);
    expect(headings(await inboxOf(scene.tenant.id, scene.lead.id))).toEqual(['Purchasing 未达到服务时限', '仍无人认领：这个问题已经等待太久']);
    expect(await scope.db().prisma.outboundDelivery.count({ where: { tenantId: scene.tenant.id } })).toBe(4);
  });

  it('cancels the pending reminder when the escalation is resolved', async () => {
    const scene = await seedScene();
    // A policy minute of 1 s: the resolve lands well before the first step, even on a busy machine.
    const { app, jobs } = await startProcess(scene.prefix, { minuteMs: 1_000 });
    const { escalation } = await app.escalations.service.create({ tenantId: scene.tenant.id, questionId: scene.question.id });
    const queue = jobs.queue('escalations');
    expect(await queue.getJob(slaJobId(escalation.id, 0, 0))).toBeDefined();
    await app.escalations.service.resolve(scene.tenant.id, escalation.id, scene.onCall.id);
    expect(await queue.getJob(slaJobId(escalation.id, 0, 0))).toBeUndefined();
    await sleep(1_500); // past the first step; the later ones are only ever scheduled by it
    expect(await inboxOf(scene.tenant.id, scene.onCall.id)).toEqual([]);
    expect(await inboxOf(scene.tenant.id, scene.lead.id)).toEqual([]);
    expect(await scope.db().prisma.outboundDelivery.count({ where: { tenantId: scene.tenant.id } })).toBe(0);
  });

  it('moves the timer to the first-reply stage on claim and reminds the engineer who claimed it', async () => {
    const scene = await seedScene();
    const { app } = await startProcess(scene.prefix, { minuteMs: 600 });
    const { escalation } = await app.escalations.service.create({ tenantId: scene.tenant.id, questionId: scene.question.id });
    await app.escalations.service.claim(scene.tenant.id, escalation.id, scene.lead.id);
    await waitFor(async () => (await inboxOf(scene.tenant.id, scene.lead.id)).length >= 1, 'the first-reply reminder');
    await sleep(100);
    expect(headings(await inboxOf(scene.tenant.id, scene.lead.id))).toEqual(['提醒：提问人正在等待你的第一次回复']);
    expect(await inboxOf(scene.tenant.id, scene.onCall.id)).toEqual([]); // the claim reminder was cancelled
  });
});
