/**
 * Proactive messages through the app's outbound path and the Teams
 * ChannelSender, to the ConversationReference stored from an earlier
 * activity, paced under Teams' limits and mapping connector failures.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../src/bot/core/types.js';
import { HypercareError } from '../../src/bot/core/errors.js';
import { CHANNEL, PERSONAL_CONVERSATION, TENANT, USER_AAD, UNAUTHENTICATED, cardOf, cardText, startTeamsApp, type TeamsTestApp } from './harness.js';

const LIMIT = { max: 2, windowMs: 400 };
let h: TeamsTestApp;
let tenantId: string;
const message = (text: string): OutgoingMessage => ({ lang: 'en', text, blocks: [{ kind: 'text', text }] });

beforeAll(async () => {
  h = await startTeamsApp(UNAUTHENTICATED, { limits: { perConversation: LIMIT, perTenant: { max: 100, windowMs: 1_000 } } });
  tenantId = await h.teamsTenantId();
  // Earlier traffic the references come from: a 1:1 question and a channel mention.
  await h.post(await h.fixture('message_personal'));
  await h.post(await h.fixture('message_channel_mention'));
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.connector.calls.length = 0;
});

const sender = () => h.t.app.adapters.find((a) => a.platform === 'teams')!.sender;

describe('proactive messages', () => {
  it('delivers to a user\'s 1:1 chat through the outbound path, as a new message (not a reply)', async () => {
    const user = await h.t.db.prisma.user.findFirstOrThrow({ where: { platform: 'teams', platformUserId: USER_AAD } });
    const outcome = await h.t.app.outbound.deliver({
      tenantId,
      deliveryKey: 'survey:test:1',
      kind: 'survey',
      threadId: `teams:${TENANT}:${PERSONAL_CONVERSATION}`,
      userId: user.id,
      message: message('How is the new system going? <b>1</b>–5'),
    });
    expect(outcome).toBe('sent');
    expect(h.connector.calls).toHaveLength(1);
    expect(h.connector.calls[0]).toMatchObject({ method: 'POST', kind: 'send', conversationId: PERSONAL_CONVERSATION });
    expect(cardText(cardOf(h.connector.calls[0]))).toBe('How is the new system going? <b>1</b>–5');
    const row = await h.t.db.prisma.outboundDelivery.findUniqueOrThrow({ where: { deliveryKey: 'survey:test:1' } });
    expect(row).toMatchObject({ status: 'sent', platformMessageId: h.connector.calls[0]!.id });
  });

  it('posts to a channel the bot was mentioned in, from the tenant\'s stored reference', async () => {
    await sender().send({ tenantId, threadId: `teams:${TENANT}:${CHANNEL}`, userId: null }, message('Digest'));
    expect(h.connector.calls[0]).toMatchObject({ kind: 'send', conversationId: CHANNEL });
  });

  it('refuses a thread it has never heard from', async () => {
    await expect(sender().send({ tenantId, threadId: 'teams:other-tenant:19:x@thread.tacv2', userId: null }, message('x'))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps to the per-conversation limit', async () => {
    const thread = `teams:${TENANT}:${CHANNEL}`;
    await Promise.all([1, 2, 3, 4, 5].map((n) => sender().send({ tenantId, threadId: thread, userId: null }, message(`n${n}`))));
    const times = h.connector.calls.map((c) => c.at);
    expect(times).toHaveLength(5);
    // 2 per window: 5 sends are granted at 0, 0, W, W, 2W (arrival times jitter by the connector's latency).
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(2 * LIMIT.windowMs - 100);
  });

  it('waits out a 429 with Retry-After and then sends', async () => {
    h.connector.failNext(1, 429, { 'retry-after': '1' });
    const started = Date.now();
    await sender().send({ tenantId, threadId: `teams:${TENANT}:${CHANNEL}`, userId: null }, message('after 429'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.connector.calls).toHaveLength(1);
  });

  it('reports rate_limited when the connector keeps answering 429', async () => {
    h.connector.failNext(10, 429, { 'retry-after': '0' });
    const err = await sender()
      .send({ tenantId, threadId: `teams:${TENANT}:${CHANNEL}`, userId: null }, message('never'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HypercareError);
    expect(err).toMatchObject({ code: 'rate_limited', details: { status: 429, retryAfterMs: 0 } });
    h.connector.clearFailures();
  });

  it('maps a refused send to unauthorized', async () => {
    h.connector.failNext(1, 403);
    await expect(sender().send({ tenantId, threadId: `teams:${TENANT}:${CHANNEL}`, userId: null }, message('x'))).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
