/** The escalation lifecycle against a real database: idempotent create, racing claims, replies, resolve, CSAT, events. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HypercareError } from '../../src/bot/core/errors.js';
import { EscalationService } from '../../src/escalations/service.js';
import type { Escalation } from '../../src/generated/prisma/client.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';
import { WEDNESDAY_10, fixedClock, seedGroup, seedQuestion, seedTenant, seedUser } from './fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 8 });
});
afterAll(async () => db?.drop());

async function setup() {
  const p = db.prisma;
  const clock = fixedClock(WEDNESDAY_10);
  const changes: Escalation[] = [];
  const service = new EscalationService({ db: p, clock: clock.now, afterChange: async (e) => void changes.push(e) });
  const tenant = await seedTenant(p);
  const asker = await seedUser(p, tenant.id, 'end_user');
  const engineer = await seedUser(p, tenant.id, 'engineer');
  const champion = await seedUser(p, tenant.id, 'champion');
  const group = await seedGroup(p, tenant.id, 'Service desk', { isFallback: true, members: [{ userId: engineer.id, isLead: true }] });
  const question = await seedQuestion(p, tenant.id, asker.id);
  const events = async (kind?: string) =>
    p.adoptionEvent.findMany({ where: { tenantId: tenant.id, ...(kind ? { kind } : {}) }, orderBy: { id: 'asc' } });
  return { p, clock, changes, service, tenant, asker, engineer, champion, group, question, events };
}

async function rejection(promise: Promise<unknown>): Promise<HypercareError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(HypercareError);
  return error as HypercareError;
}

describe('create', () => {
  it('routes the question, marks it escalated and records escalation_created once, even when repeated concurrently', async () => {
    const { service, tenant, question, group, engineer, asker, events, p, changes } = await setup();
    const results = await Promise.all([1, 2, 3].map(() => service.create({ tenantId: tenant.id, questionId: question.id })));
    const ids = new Set(results.map((r) => r.escalation.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const again = await service.create({ tenantId: tenant.id, questionId: question.id });
    expect(again).toMatchObject({ created: false, escalation: { id: [...ids][0] } });

    const escalation = again.escalation;
    expect(escalation).toMatchObject({
      status: 'open',
      groupId: group.id,
      assigneeId: engineer.id, // on call: Wednesday 10:00 in the group's time zone
      requesterId: asker.id,
      userThreadId: question.threadId,
      version: 0,
      createdAt: WEDNESDAY_10,
    });
    expect((await p.question.findUniqueOrThrow({ where: { id: question.id } })).outcome).toBe('escalated');
    const created = await events('escalation_created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ userId: asker.id, occurredAt: WEDNESDAY_10, data: { escalationId: escalation.id, routedBy: 'fallback' } });
    expect(changes).toHaveLength(1);
  });

  it('refuses a question of another tenant', async () => {
    const { service, question, p } = await setup();
    const other = await seedTenant(p);
    expect((await rejection(service.create({ tenantId: other.id, questionId: question.id }))).code).toBe('not_found');
  });
});

describe('claim', () => {
  it('gives twenty concurrent claimers exactly one owner; the others learn who has it', async () => {
    const { service, tenant, question, p, events } = await setup();
    const { escalation } = await service.create({ tenantId: tenant.id, questionId: question.id });
    const engineers = await Promise.all(Array.from({ length: 20 }, () => seedUser(p, tenant.id, 'engineer')));
    const results = await Promise.all(engineers.map((e) => service.claim(tenant.id, escalation.id, e.id)));
    const winners = results.filter((r) => r.kind === 'claimed');
    expect(winners).toHaveLength(1);
    const owner = winners[0]!.escalation.assigneeId;
    expect(engineers.map((e) => e.id)).toContain(owner);
    for (const loser of results.filter((r) => r.kind !== 'claimed')) expect(loser).toMatchObject({ kind: 'taken', assigneeId: owner });
    const stored = await service.get(tenant.id, escalation.id);
    expect(stored).toMatchObject({ status: 'claimed', assigneeId: owner, version: 1, claimedAt: WEDNESDAY_10 });
    expect(await events('escalation_claimed')).toHaveLength(1);
  });

  it('refuses end users and staff of other tenants; re-claiming your own is harmless', async () => {
    const { service, tenant, question, asker, engineer, p } = await setup();
    const { escalation } = await service.create({ tenantId: tenant.id, questionId: question.id });
    expect((await rejection(service.claim(tenant.id, escalation.id, asker.id))).code).toBe('unauthorized');
    const outsider = await seedUser(p, (await seedTenant(p)).id, 'engineer');
    expect((await rejection(service.claim(tenant.id, escalation.id, outsider.id))).code).toBe('unauthorized');
    expect((await service.claim(tenant.id, escalation.id, engineer.id)).kind).toBe('claimed');
    expect(await service.claim(tenant.id, escalation.id, engineer.id)).toMatchObject({ kind: 'claimed', escalation: { version: 1 } });
  });

  it('lets a champion claim, and says so when the escalation is closed', async () => {
    const { service, tenant, question, champion, engineer } = await setup();
    const { escalation } = await service.create({ tenantId: tenant.id, questionId: question.id });
    await service.cancel(tenant.id, escalation.id, engineer.id);
    expect((await service.claim(tenant.id, escalation.id, champion.id)).kind).toBe('closed');
  });
});

describe('conversation, resolution and CSAT', () => {
  it('relays messages, records the first reply once, resolves and takes one rating from the requester', async () => {
    const { service, tenant, question, asker, engineer, champion, clock, events, p, changes } = await setup();
    const { escalation } = await service.create({ tenantId: tenant.id, questionId: question.id });
    await service.addUserMessage(tenant.id, escalation.id, asker.id, 'It says "period closed".');
    expect((await rejection(service.addEngineerReply(tenant.id, escalation.id, engineer.id, 'Hi'))).code).toBe('conflict');
    await service.claim(tenant.id, escalation.id, engineer.id);

    clock.advanceMinutes(7);
    const first = await service.addEngineerReply(tenant.id, escalation.id, engineer.id, 'Open period 03 first.');
    expect(first.firstReply).toBe(true);
    clock.advanceMinutes(3);
    const second = await service.addEngineerReply(tenant.id, escalation.id, champion.id, 'Or ask finance to.');
    expect(second.firstReply).toBe(false);
    expect(second.escalation.firstReplyAt).toEqual(new Date(WEDNESDAY_10.getTime() + 7 * 60_000));
    expect(second.escalation.version).toBe(2);
    expect((await rejection(service.addEngineerReply(tenant.id, escalation.id, asker.id, 'me too'))).code).toBe('unauthorized');
    expect((await rejection(service.addUserMessage(tenant.id, escalation.id, engineer.id, 'x'))).code).toBe('unauthorized');
    const messages = await p.escalationMessage.findMany({ where: { escalationId: escalation.id }, orderBy: { createdAt: 'asc' } });
    expect(messages.map((m) => m.direction)).toEqual(['to_engineer', 'to_user', 'to_user']);

    expect((await rejection(service.recordCsat(tenant.id, escalation.id, asker.id, 5))).code).toBe('conflict');
    clock.advanceMinutes(20);
    const resolved = await service.resolve(tenant.id, escalation.id, engineer.id);
    expect(resolved).toMatchObject({ status: 'resolved', version: 3, resolvedAt: clock.now() });
    expect((await rejection(service.resolve(tenant.id, escalation.id, engineer.id))).code).toBe('conflict');

    expect((await rejection(service.recordCsat(tenant.id, escalation.id, engineer.id, 5))).code).toBe('unauthorized');
    expect((await rejection(service.recordCsat(tenant.id, escalation.id, asker.id, 6))).code).toBe('bad_request');
    expect(await service.recordCsat(tenant.id, escalation.id, asker.id, 4)).toMatchObject({ csat: 4, version: 4 });
    expect((await rejection(service.recordCsat(tenant.id, escalation.id, asker.id, 5))).code).toBe('conflict');
    expect((await rejection(service.addUserMessage(tenant.id, escalation.id, asker.id, 'thanks'))).code).toBe('conflict');

    const kinds = (await events()).map((e) => [e.kind, e.occurredAt.toISOString()]);
    expect(kinds).toEqual([
      ['escalation_created', '2026-03-04T02:00:00.000Z'],
      ['escalation_claimed', '2026-03-04T02:00:00.000Z'],
      ['escalation_first_reply', '2026-03-04T02:07:00.000Z'],
      ['escalation_resolved', '2026-03-04T02:30:00.000Z'],
      ['escalation_csat', '2026-03-04T02:30:00.000Z'],
    ]);
    expect((await events('escalation_csat'))[0]?.data).toMatchObject({ score: 4, assigneeId: engineer.id });
    // Each state change told the SLA timers, with the new version.
    expect(changes.map((c) => c.version)).toEqual([0, 1, 2, 3, 4]);
  });

  it('reassigns between staff with a version check, and never across tenants', async () => {
    const { service, tenant, question, engineer, champion, asker, p } = await setup();
    const { escalation } = await service.create({ tenantId: tenant.id, questionId: question.id });
    await service.claim(tenant.id, escalation.id, engineer.id);
    expect(await service.reassign(tenant.id, escalation.id, engineer.id, champion.id)).toMatchObject({ assigneeId: champion.id, status: 'claimed', version: 2 });
    expect((await rejection(service.reassign(tenant.id, escalation.id, engineer.id, asker.id))).code).toBe('unauthorized');
    const other = await seedTenant(p);
    expect((await rejection(service.get(other.id, escalation.id))).code).toBe('not_found');
    expect((await rejection(service.resolve(other.id, escalation.id, engineer.id))).code).toBe('not_found');
  });

  it('lets the requester cancel, recorded as an adoption event', async () => {
    const { service, tenant, question, asker, events } = await setup();
    const { escalation } = await service.create({ tenantId: tenant.id, questionId: question.id });
    expect(await service.cancel(tenant.id, escalation.id, asker.id)).toMatchObject({ status: 'cancelled', version: 1 });
    expect((await events()).map((e) => e.kind)).toEqual(['escalation_created', 'escalation_cancelled']);
  });

  it('records a change of owner as escalation_reassigned', async () => {
    const { service, tenant, question, engineer, champion, events } = await setup();
    const { escalation } = await service.create({ tenantId: tenant.id, questionId: question.id });
    await service.claim(tenant.id, escalation.id, engineer.id);
    await service.reassign(tenant.id, escalation.id, engineer.id, champion.id);
    const reassigned = (await events()).filter((e) => e.kind === 'escalation_reassigned');
    expect(reassigned.map((e) => [e.userId, (e.data as { previousAssigneeId?: string }).previousAssigneeId])).toEqual([[champion.id, engineer.id]]);
  });
});
