/**
 * A send that a crash interrupted (the row says it was in flight) is given up,
 * not repeated: the platform may already show it, and there is no way to ask
 * Slack without conversations.history, which the bot must not call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_FLIGHT } from '../../src/delivery/outbound.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('an interrupted outbound send', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: false });
    await t.ask('rui', 'hello');
  });
  afterAll(async () => t?.close());

  it('is marked failed and not sent again', async () => {
    const message = { lang: 'en', text: 'survey', blocks: [{ kind: 'text', text: 'survey' }] };
    await t.db.prisma.outboundDelivery.create({
      data: { tenantId: t.localTenantId, deliveryKey: 'survey:run:rui', kind: 'survey', threadId: 'local:rui', message, attempts: 1, lastError: IN_FLIGHT },
    });
    await t.app.outbound.process('survey:run:rui');
    const row = await t.db.prisma.outboundDelivery.findUniqueOrThrow({ where: { deliveryKey: 'survey:run:rui' } });
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.lastError).toContain('never sent twice');
    expect(await t.db.prisma.localInboxMessage.count()).toBe(0);
  });
});
