/**
 * The outbound delivery path against real PostgreSQL and Redis: each delivery
 * key posts at most once, whether the caller repeats itself or the job runs again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobSystem } from '../../src/jobs/system.js';
import { IN_FLIGHT } from '../../src/delivery/outbound.js';
import { silentLogger } from '../../src/log.js';
import type { OutgoingMessage } from '../../src/bot/core/types.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { SHARED_REDIS, deleteKeys, uniquePrefix, waitFor } from '../jobs/helpers.js';

const note = (text: string): OutgoingMessage => ({ lang: 'en', text, blocks: [{ kind: 'text', text }] });

async function inbox(t: TestApp, userId: string): Promise<string[]> {
  const body = (await (await fetch(`${t.baseUrl}/api/local/messages?userId=${userId}`)).json()) as { messages: { message: OutgoingMessage }[] };
  return body.messages.map((m) => m.message.text);
}

describe('without Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: false });
    await t.ask('quinn', 'hello');
  });
  afterAll(async () => t?.close());

  it('sends inline and never twice for one key', async () => {
    const request = { tenantId: t.localTenantId, deliveryKey: 'test:quinn:1', kind: 'test', threadId: 'local:quinn', message: note('Your survey is ready') };
    expect(await t.app.outbound.deliver(request)).toBe('sent');
    expect(await t.app.outbound.deliver(request)).toBe('duplicate');
    expect(await inbox(t, 'quinn')).toEqual(['Your survey is ready']);
    const row = await t.db.prisma.outboundDelivery.findUniqueOrThrow({ where: { deliveryKey: 'test:quinn:1' } });
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('delivers privately to a person by their user id, and says when nobody can reach them', async () => {
    const quinn = await t.db.prisma.user.findFirstOrThrow({ where: { tenantId: t.localTenantId, platformUserId: 'quinn' } });
    const direct = { tenantId: t.localTenantId, deliveryKey: 'test:direct:quinn', kind: 'test', userId: quinn.id, message: note('Your digest') };
    expect(await t.app.outbound.deliverToUser(direct)).toBe('sent');
    expect(await inbox(t, 'quinn')).toContain('Your digest');
    const row = await t.db.prisma.outboundDelivery.findUniqueOrThrow({ where: { deliveryKey: 'test:direct:quinn' } });
    expect(row).toMatchObject({ threadId: 'local:quinn', userId: quinn.id, status: 'sent' });

    const rosterOnly = await t.db.prisma.user.create({
      data: { tenantId: t.localTenantId, platform: 'local', platformUserId: 'roster:ann@example.com', email: 'ann@example.com' },
    });
    const unreachable = { ...direct, deliveryKey: 'test:direct:ann', userId: rosterOnly.id };
    expect(await t.app.outbound.deliverToUser(unreachable)).toBe('unreachable');
    expect(await t.db.prisma.outboundDelivery.count({ where: { deliveryKey: 'test:direct:ann' } })).toBe(0);

    await expect(t.app.outbound.deliverToUser({ ...direct, deliveryKey: 'test:direct:nobody', userId: '00000000-0000-7000-8000-000000000000' })).rejects.toThrow(/no user/);
  });

  it('refuses a thread no channel can reach, before writing anything', async () => {
    await expect(
      t.app.outbound.deliver({ tenantId: t.localTenantId, deliveryKey: 'test:x', kind: 'test', threadId: 'fax:123', message: note('x') }),
    ).rejects.toThrow(/names no known platform/);
    expect(await t.db.prisma.outboundDelivery.count({ where: { deliveryKey: 'test:x' } })).toBe(0);
  });
});

describe('through BullMQ', () => {
  let t: TestApp;
  let jobs: JobSystem;
  const prefix = uniquePrefix('outbound');

  beforeAll(async () => {
    jobs = new JobSystem({ kind: 'url', connectionOptions: SHARED_REDIS }, silentLogger, { prefix });
    t = await startTestApp({ demo: false, jobs });
    await jobs.start();
    await t.ask('rita', 'hello');
  });
  afterAll(async () => {
    await jobs?.close();
    await t?.close();
    await deleteKeys(prefix);
  });

  it('queues, sends once, and a re-run of the same job posts nothing more', async () => {
    const request = { tenantId: t.localTenantId, deliveryKey: 'digest:rita:2026-W48', kind: 'digest', threadId: 'local:rita', message: note('Weekly digest') };
    expect(await t.app.outbound.deliver(request)).toBe('queued');
    expect(await t.app.outbound.deliver(request)).toBe('duplicate');
    await waitFor(async () => (await inbox(t, 'rita')).length === 1, 'the delivery');
    // A retried or duplicated job for the same key finds the row sent and does nothing.
    await jobs.enqueue('outbound.deliver', { deliveryKey: request.deliveryKey }, { jobId: 'rerun-1' });
    await waitFor(async () => ((await jobs.queue('outbound').getJobCounts('completed')).completed ?? 0) >= 2, 'the re-run');
    expect(await inbox(t, 'rita')).toEqual(['Weekly digest']);
  });

  it('queues a row whose caller crashed before queueing it, when the caller retries', async () => {
    const request = { tenantId: t.localTenantId, deliveryKey: 'survey:run-x:rita', kind: 'survey', threadId: 'local:rita', message: note('Stranded survey') };
    // What a crash between writing the row and queueing its job leaves behind.
    await t.db.prisma.outboundDelivery.create({ data: { tenantId: request.tenantId, deliveryKey: request.deliveryKey, kind: request.kind, threadId: request.threadId, message: request.message as object } });
    expect(await t.app.outbound.deliver(request)).toBe('duplicate');
    await waitFor(async () => (await inbox(t, 'rita')).includes('Stranded survey'), 'the stranded delivery');
    expect((await inbox(t, 'rita')).filter((text) => text === 'Stranded survey')).toHaveLength(1);
  });

  it('delivers a batch in one go: new keys once, a stranded one queued again, one already sent left alone', async () => {
    const request = (key: string, text: string) => ({ tenantId: t.localTenantId, deliveryKey: key, kind: 'survey', threadId: 'local:rita', message: note(text) });
    await t.db.prisma.outboundDelivery.create({ data: { tenantId: t.localTenantId, deliveryKey: 'batch:stranded', kind: 'survey', threadId: 'local:rita', message: note('Batch stranded') as object } });
    await t.db.prisma.outboundDelivery.create({ data: { tenantId: t.localTenantId, deliveryKey: 'batch:done', kind: 'survey', threadId: 'local:rita', message: note('Batch done') as object, status: 'sent' } });
    const batch = [request('batch:1', 'Batch one'), request('batch:2', 'Batch two'), request('batch:stranded', 'Batch stranded'), request('batch:done', 'Batch done')];
    await t.app.outbound.deliverMany(batch);
    await t.app.outbound.deliverMany(batch);
    await waitFor(async () => (await inbox(t, 'rita')).filter((text) => text.startsWith('Batch')).length === 3, 'the batch');
    await waitFor(async () => (await jobs.queue('outbound').getActiveCount()) === 0, 'the jobs to settle');
    expect((await inbox(t, 'rita')).filter((text) => text.startsWith('Batch')).sort()).toEqual(['Batch one', 'Batch stranded', 'Batch two']);
    expect(await t.db.prisma.outboundDelivery.count({ where: { deliveryKey: { startsWith: 'batch:' }, status: 'sent' } })).toBe(4);
    await expect(t.app.outbound.deliverMany([{ ...request('batch:fax', 'x'), threadId: 'fax:1' }, request('batch:3', 'y')])).rejects.toThrow(/names no known platform/);
    expect(await t.db.prisma.outboundDelivery.count({ where: { deliveryKey: { in: ['batch:fax', 'batch:3'] } } })).toBe(0);
  });

  it('records the error and retries when the channel fails', async () => {
    const request = { tenantId: t.localTenantId, deliveryKey: 'relay:ghost:1', kind: 'relay', threadId: 'local:ghost', message: note('hi') };
    expect(await t.app.outbound.deliver(request)).toBe('queued');
    const row = await waitFor(
      async () => (await t.db.prisma.outboundDelivery.findFirst({ where: { deliveryKey: request.deliveryKey, lastError: { not: null, notIn: [IN_FLIGHT] } } })) ?? undefined,
      'a recorded failure',
    );
    expect(row.lastError).toContain('no local user "ghost"');
    expect(row.status).toBe('pending');
  });
});
