/**
 * Champion-first against real PostgreSQL and Redis, through the app's
 * escalation runtime: the department's champions get the question first; if
 * nobody claims it in the window a delayed job hands it to the engineers,
 * whose claim clock starts then; a claim in the window ends it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { championJobId } from '../../src/escalations/champions.js';
import { waitFor } from '../jobs/helpers.js';
import { appScope, headings } from './app-process.js';
import { WORKDAY, seedGroup, seedQuestion, seedTenant } from './fixtures.js';

const scope = appScope();

async function seedScene(championFirst: object) {
  const p = scope.db().prisma;
  const tenant = await seedTenant(p, { sla: { claimMinutes: 2, firstReplyMinutes: 5, resolveMinutes: 20 }, championFirst });
  const tag = tenant.id.slice(-6);
  const finance = await p.department.create({ data: { tenantId: tenant.id, name: 'Finance' } });
  const sales = await p.department.create({ data: { tenantId: tenant.id, name: 'Sales' } });
  const asker = await scope.localUser(tenant.id, `asker-${tag}`, 'end_user', { departmentId: finance.id });
  const champion = await scope.localUser(tenant.id, `champion-${tag}`, 'champion', { departmentId: finance.id, locale: 'zh-CN' });
  const salesAsker = await scope.localUser(tenant.id, `sales-${tag}`, 'end_user', { departmentId: sales.id });
  const engineer = await scope.localUser(tenant.id, `engineer-${tag}`, 'engineer');
  const group = await seedGroup(p, tenant.id, 'Finance desk', { isFallback: true, settings: WORKDAY, members: [{ userId: engineer.id }] });
  return { p, tenant, asker, champion, salesAsker, engineer, group, prefix: scope.prefix('champions') };
}

describe('champion-first', () => {
  it('offers the question to the department champions, then hands it to the engineers when nobody claims it', async () => {
    const s = await seedScene({ minutes: 2 });
    const { app } = await scope.startProcess(s.prefix, { minuteMs: 60 });
    const question = await seedQuestion(s.p, s.tenant.id, s.asker.id);
    const { escalation } = await app.escalations.service.create({ tenantId: s.tenant.id, questionId: question.id });
    expect(escalation).toMatchObject({ groupId: null, assigneeId: null, status: 'open' });
    expect(escalation.championUntil).not.toBeNull();

    await waitFor(async () => (await scope.inboxOf(s.tenant.id, s.champion.id)).length >= 1, 'the offer');
    const [offer] = await scope.inboxOf(s.tenant.id, s.champion.id);
    expect(headings([offer!])).toEqual(['Finance 的一位同事需要帮助']);
    expect(offer!.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : []))).toEqual([{ id: 'esc.claim', value: escalation.id, label: '认领', style: 'primary' }]);
    expect(await scope.inboxOf(s.tenant.id, s.engineer.id)).toEqual([]); // the engineers wait for the window

    // The window (2 min = 120 ms) passes: the hand-over, then the engineers' claim reminder 2 working minutes later.
    await waitFor(async () => (await scope.inboxOf(s.tenant.id, s.engineer.id)).length >= 2, 'the hand-over and the claim reminder');
    const engineerInbox = await scope.inboxOf(s.tenant.id, s.engineer.id);
    expect(headings(engineerInbox)).toEqual(['Question for the engineers', 'Reminder: a question is waiting for an engineer']);
    // The hand-over is the chat flow's full card, with the engineers' buttons.
    expect(engineerInbox[0]!.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons.map((x) => x.id) : []))).toContain('esc.claim');
    const handed = await app.escalations.service.get(s.tenant.id, escalation.id);
    expect(handed).toMatchObject({ groupId: s.group.id, assigneeId: s.engineer.id, status: 'open' });
    expect(handed.version).toBeGreaterThanOrEqual(1);
    const events = await s.p.adoptionEvent.findMany({ where: { tenantId: s.tenant.id, kind: { in: ['escalation_created', 'escalation_rerouted'] } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.kind, (e.data as Record<string, unknown>).routedBy ?? (e.data as Record<string, unknown>).reason])).toEqual([
      ['escalation_created', 'champions'],
      ['escalation_rerouted', 'champions_did_not_claim'],
    ]);
    // The job again (a retry, a late duplicate): the escalation moved on, nothing happens.
    expect(await app.escalations.champions.handOver({ escalationId: escalation.id, version: 0 })).toBe('stale');
    expect(await scope.inboxOf(s.tenant.id, s.champion.id)).toHaveLength(1);
  });

  it('ends the window when a champion claims: no hand-over, no engineer hears of it', async () => {
    const s = await seedScene({ minutes: 20 }); // 1.2 s: the claim lands well inside the window, even on a busy machine
    const { app, jobs } = await scope.startProcess(s.prefix, { minuteMs: 60 });
    const seeded = await seedQuestion(s.p, s.tenant.id, s.asker.id);
    // Asked in the local chat, so the answer can reach the asker's inbox.
    const question = await s.p.question.update({ where: { id: seeded.id }, data: { threadId: `local:${s.asker.platformUserId}` } });
    const { escalation } = await app.escalations.service.create({ tenantId: s.tenant.id, questionId: question.id });
    expect(await jobs.queue('escalations').getJob(championJobId(escalation.id, 0))).toBeDefined();
    const claim = await app.escalations.service.claim(s.tenant.id, escalation.id, s.champion.id);
    expect(claim.kind).toBe('claimed');
    expect(await jobs.queue('escalations').getJob(championJobId(escalation.id, 0))).toBeUndefined();
    await sleep(1_500); // past the window
    const claimed = await app.escalations.service.get(s.tenant.id, escalation.id);
    expect(claimed).toMatchObject({ status: 'claimed', assigneeId: s.champion.id, groupId: null });
    expect(await scope.inboxOf(s.tenant.id, s.engineer.id)).toEqual([]);

    // The champion's answer reaches the asker with a way to thank a peer (it counts toward champion of the month).
    await app.services.escalations!.relay.toUser(claimed!, s.champion.id, 'Use the Expenses app, then Submit.', []);
    await waitFor(async () => (await scope.inboxOf(s.tenant.id, s.asker.id)).length >= 1, "the champion's answer");
    const reply = (await scope.inboxOf(s.tenant.id, s.asker.id)).at(-1)!;
    const buttons = reply.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : []));
    expect(buttons.map((b) => [b.id, b.value])).toEqual([['champions.thanks', `${question.id}|${s.champion.id}`]]);
  });

  it('sends questions straight to the engineers from departments outside the list, and when champion-first is off', async () => {
    const s = await seedScene({ minutes: 2, departments: ['Finance'] });
    const { app } = await scope.startProcess(s.prefix, { minuteMs: 60 });
    const fromSales = await seedQuestion(s.p, s.tenant.id, s.salesAsker.id);
    expect((await app.escalations.service.create({ tenantId: s.tenant.id, questionId: fromSales.id })).escalation).toMatchObject({ groupId: s.group.id, championUntil: null });

    await s.p.tenant.update({ where: { id: s.tenant.id }, data: { settings: { championFirst: { enabled: false } } } });
    const fromFinance = await seedQuestion(s.p, s.tenant.id, s.asker.id);
    expect((await app.escalations.service.create({ tenantId: s.tenant.id, questionId: fromFinance.id })).escalation).toMatchObject({ groupId: s.group.id, championUntil: null });
    expect(await scope.inboxOf(s.tenant.id, s.champion.id)).toEqual([]);
  });

  it('gets the hand-over back at start-up when the process stopped during the window', async () => {
    const s = await seedScene({ minutes: 2 });
    const first = await scope.startProcess(s.prefix, { minuteMs: 60, worker: false });
    const question = await seedQuestion(s.p, s.tenant.id, s.asker.id);
    const { escalation } = await first.app.escalations.service.create({ tenantId: s.tenant.id, questionId: question.id });
    // Redis lost the job (e.g. flushed): the start-up resync schedules it again from the database.
    await first.jobs.queue('escalations').remove(championJobId(escalation.id, 0));
    await first.jobs.close();

    const second = await scope.startProcess(s.prefix, { minuteMs: 60 });
    expect(await second.app.escalations.resync()).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await second.app.escalations.service.get(s.tenant.id, escalation.id)).groupId === s.group.id, 'the hand-over');
    expect(headings(await scope.inboxOf(s.tenant.id, s.champion.id))).toEqual(['Finance 的一位同事需要帮助']);
  });
});
