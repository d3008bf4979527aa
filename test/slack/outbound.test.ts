/** The Web API wrapper (429 Retry-After, error mapping) and proactive sends. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { SlackApi } from '../../src/bot/slack/web-api.js';
import { HypercareError } from '../../src/bot/core/errors.js';
import { FakeSlack, fixture } from './support/fake-slack.js';
import { startSlackTestApp, TEAM, type SlackTestApp } from './support/slack-app.js';

describe('Slack Web API client', () => {
  let slack: FakeSlack;
  let api: SlackApi;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    api = new SlackApi({ apiUrl: slack.apiUrl, log: silentLogger });
  });
  afterAll(() => slack.close());
  beforeEach(() => slack.reset());

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    slack.rateLimitOnce('chat.postMessage');
    const started = Date.now();
    const res = await api.call('xoxb-1', 'chat.postMessage', { channel: 'C1', text: 'hi' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(2);
  });

  it('gives up with rate_limited when Retry-After is longer than it may wait', async () => {
    const impatient = new SlackApi({ apiUrl: slack.apiUrl, log: silentLogger, maxRetryAfterSec: 0 });
    slack.rateLimitOnce('chat.postMessage');
    await expect(impatient.call('xoxb-1', 'chat.postMessage', { channel: 'C1', text: 'hi' })).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('maps Slack errors to the core\'s codes', async () => {
    slack.script('users.info', { status: 200, body: fixture('api_users.info_error.json') });
    slack.script('chat.postMessage', { status: 200, body: fixture('api_chat.postMessage_error.json') });
    slack.script('conversations.open', { status: 200, body: { ok: false, error: 'invalid_auth' } });
    slack.script('views.publish', { status: 503, body: { ok: false } }, { status: 503, body: { ok: false } });
    const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (err: HypercareError) => err.code);
    expect(await codeOf(api.call('xoxb-1', 'users.info', { user: 'U1' }))).toBe('not_found');
    expect(await codeOf(api.call('xoxb-1', 'chat.postMessage', { channel: 'C1', text: 'x' }))).toBe('bad_request');
    expect(await codeOf(api.call('xoxb-1', 'conversations.open', { users: 'U1' }))).toBe('unauthorized');
    expect(await codeOf(api.call('xoxb-1', 'views.publish', {}))).toBe('platform_error');
    const err = await api.call('xoxb-secret-token', 'conversations.open', { users: 'U1' }).catch((e: Error) => e);
    expect(JSON.stringify({ message: (err as Error).message, details: (err as HypercareError).details })).not.toContain('xoxb-secret-token');
  });
});

describe('Slack proactive messages', () => {
  let t: SlackTestApp;

  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opens a DM once, keeps its id on the user, and posts in threads', async () => {
    const tenant = await t.app.tenants.ensure('slack', TEAM);
    const user = await t.app.services.users.ensure(tenant.id, 'slack', 'U00FAKEUSER9');
    const message = { lang: 'en' as const, text: 'Survey <!here>', blocks: [{ kind: 'text' as const, text: 'Survey <!here>' }] };
    const sent = await t.app.outbound.deliver({ tenantId: tenant.id, deliveryKey: 'test:dm:1', kind: 'survey', threadId: `slack:${TEAM}:U00FAKEUSER9`, userId: user.id, message });
    expect(sent).toBe('sent');
    await t.app.outbound.deliver({ tenantId: tenant.id, deliveryKey: 'test:dm:2', kind: 'survey', threadId: `slack:${TEAM}:U00FAKEUSER9`, userId: user.id, message });
    expect(t.slack.callsOf('conversations.open')).toHaveLength(1);
    const posts = t.slack.callsOf('chat.postMessage');
    expect(posts.map((p) => p.args.channel)).toEqual(['D069C7QFK', 'D069C7QFK']);
    expect(posts[0]?.args.text).toBe('Survey &lt;!here&gt;');
    const row = await t.db.prisma.user.findUnique({ where: { id: user.id } });
    expect(row?.conversationRef).toEqual({ slack: { dmChannelId: 'D069C7QFK' } });

    await t.app.outbound.deliver({ tenantId: tenant.id, deliveryKey: 'test:thread:1', kind: 'relay', threadId: `slack:${TEAM}:C00FAKECHAN1:1766458026.240809`, message });
    expect(t.slack.callsOf('chat.postMessage')[2]?.args).toMatchObject({ channel: 'C00FAKECHAN1', thread_ts: '1766458026.240809' });
    const delivery = await t.db.prisma.outboundDelivery.findUnique({ where: { deliveryKey: 'test:thread:1' } });
    expect(delivery?.platformMessageId).toMatch(/^\d+\.\d+$/);
  });
});
