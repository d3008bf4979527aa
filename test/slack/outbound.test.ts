/** The Web API wrapper (429 Retry-After, error mapping) and proactive sends. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../src/log.js';
import { SlackApi } from '../../src/bot/slack/web-api.js';
import { HypercareError } from '../../src/bot/core/errors.js';
import { FakeSlack, fixture } from './support/fake-slack.js';
import { startSlackTestApp, TEAM, type SlackTestApp } from './support/slack-app.js';
import { RedisRateLimiter } from '../../src/delivery/rate-limit.js';
import { acquire } from '../support/send-rate.js';
import { closeRedisClient, createRedisClient } from '../../src/jobs/redis-client.js';
import { SHARED_REDIS, deleteKeys, uniquePrefix, waitFor } from '../jobs/helpers.js';
import { JobSystem } from '../../src/jobs/system.js';

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

describe('Slack Web API transport', () => {
  let slack: FakeSlack;
  let api: SlackApi;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    api = new SlackApi({ apiUrl: slack.apiUrl, log: silentLogger });
  });
  afterAll(() => slack.close());
  beforeEach(() => slack.reset());

  it('sends arguments as Slack documents them (JSON for chat and views, form fields otherwise) with the token only in the header', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'a & b = c?' } }];
    await api.call('xoxb-header-only', 'chat.postMessage', { channel: 'C1', text: 'hi & bye', blocks, unfurl_links: false, thread_ts: undefined });
    const [call] = slack.callsOf('chat.postMessage');
    expect(call!.token).toBe('xoxb-header-only');
    expect(call!.contentType).toMatch(/^application\/json/);
    expect(call!.args).toEqual({ channel: 'C1', text: 'hi & bye', blocks, unfurl_links: false });
    await api.call('xoxb-header-only', 'users.info', { user: 'U1', include_locale: true });
    const [info] = slack.callsOf('users.info');
    expect(info!.contentType).toBe('application/x-www-form-urlencoded');
    expect(info!.args).toEqual({ user: 'U1', include_locale: 'true' });
  });

  it('tries a 5xx once more, then reports it; passes on Slack\'s own explanation of invalid blocks', async () => {
    slack.script('chat.postMessage', { status: 502, body: { ok: false } });
    expect((await api.call('xoxb-1', 'chat.postMessage', { channel: 'C1', text: 'x' })).ok).toBe(true);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(2);
    slack.script('chat.update', { status: 200, body: { ok: false, error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]'] } } });
    await expect(api.call('xoxb-1', 'chat.update', {})).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/invalid_blocks.*json-pointer:\/blocks\/0/) });
  });

  it('names an unreachable Slack and a method name that cannot be one, without sending anything', async () => {
    const nowhere = new SlackApi({ apiUrl: 'http://127.0.0.1:9/api/', log: silentLogger, timeoutMs: 2_000 });
    await expect(nowhere.call('xoxb-1', 'chat.postMessage', {})).rejects.toMatchObject({ code: 'platform_error', message: expect.stringMatching(/could not be reached/) });
    await expect(api.call('xoxb-1', '../admin', {})).rejects.toMatchObject({ code: 'bad_request' });
    expect(slack.calls).toHaveLength(0);
  });

  it('gives up on a Slack that takes the request and never answers, after its timeout and one retry', async () => {
    const seen: string[] = [];
    const silent = http.createServer((req) => req.on('data', (chunk: Buffer) => seen.push(chunk.toString())));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const slow = new SlackApi({ apiUrl: `http://127.0.0.1:${port}/api/`, log: silentLogger, timeoutMs: 300 });
      const started = Date.now();
      await expect(slow.call('xoxb-1', 'chat.postMessage', { channel: 'C1', text: 'hi' })).rejects.toMatchObject({ code: 'platform_error', message: expect.stringMatching(/could not be reached/) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      expect(seen.filter((body) => body.includes('"channel":"C1"'))).toHaveLength(2);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
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

describe('Slack proactive messages paced by the shared limiter', () => {
  const prefix = uniquePrefix('slack-paced');
  const redis = [createRedisClient(SHARED_REDIS), createRedisClient(SHARED_REDIS)];
  const rates = (key: string) => (key.startsWith('slack:') ? { perSecond: 20 } : undefined);
  let t: SlackTestApp;

  beforeAll(async () => {
    t = await startSlackTestApp({ app: { sendLimiter: new RedisRateLimiter(redis[0]!, rates, prefix) } });
  });
  afterAll(async () => {
    await t?.close();
    await deleteKeys(prefix);
    await Promise.all(redis.map((r) => closeRedisClient(r)));
  });

  it('hands a 429 back to the limiter instead of retrying around it, so every worker waits, and the retry posts once', async () => {
    const tenant = await t.app.tenants.ensure('slack', TEAM);
    const message = { lang: 'en' as const, text: 'Survey', blocks: [{ kind: 'text' as const, text: 'Survey' }] };
    const request = { tenantId: tenant.id, deliveryKey: 'test:paced:1', kind: 'survey', threadId: `slack:${TEAM}:C00FAKECHAN1`, message };
    t.slack.rateLimitOnce('chat.postMessage');
    await expect(t.app.outbound.deliver(request)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(t.slack.callsOf('chat.postMessage')).toHaveLength(1);
    const failed = await t.db.prisma.outboundDelivery.findUniqueOrThrow({ where: { deliveryKey: request.deliveryKey } });
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.lastError).toMatch(/rate limited/);

    // Another worker's limiter (its own Redis connection) holds its sends for the Retry-After (1 s).
    const otherWorker = new RedisRateLimiter(redis[1]!, rates, prefix);
    const started = Date.now();
    await acquire(otherWorker, `slack:${TEAM}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);

    await t.app.outbound.process(request.deliveryKey);
    expect(t.slack.callsOf('chat.postMessage')).toHaveLength(2);
    expect(await t.db.prisma.outboundDelivery.findUniqueOrThrow({ where: { deliveryKey: request.deliveryKey } })).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('proactive sends to several workspaces at once', () => {
  const prefix = uniquePrefix('slack-step-aside');
  const redis = createRedisClient(SHARED_REDIS);
  const OTHER_TEAM = 'T00FAKE00BB';
  let t: SlackTestApp;
  let jobs: JobSystem;
  let limiter: RedisRateLimiter;

  beforeAll(async () => {
    // Two job slots and 4 sends/s per workspace: a busy workspace's waiting sends could fill both slots for seconds.
    jobs = new JobSystem({ kind: 'url', connectionOptions: SHARED_REDIS }, silentLogger, { prefix, concurrency: { outbound: 2 }, limiter: { outbound: undefined } });
    const rates = (key: string) => (key.startsWith('slack:') ? { perSecond: 4 } : undefined);
    limiter = new RedisRateLimiter(redis, rates, `${prefix}:rate`);
    t = await startSlackTestApp({ demoTeams: [TEAM, OTHER_TEAM], app: { jobs, sendLimiter: limiter } });
  });
  afterAll(async () => {
    await jobs?.close();
    await t?.close();
    await deleteKeys(prefix);
    await closeRedisClient(redis);
  });

  it('a busy workspace\'s sends wait for their turn outside the job slots, so another workspace\'s go out at once; each posts once, no attempt used up', async () => {
    const message = { lang: 'en' as const, text: 'Survey', blocks: [{ kind: 'text' as const, text: 'Survey' }] };
    const busy = await t.app.tenants.ensure('slack', TEAM);
    const quiet = await t.app.tenants.ensure('slack', OTHER_TEAM);
    // Queued in this order before any worker runs: ten for the busy workspace (all but the first are queued for their turn), then two for the quiet one.
    for (let i = 0; i < 10; i++) {
      await t.app.outbound.deliver({ tenantId: busy.id, deliveryKey: `test:busy:${i}`, kind: 'survey', threadId: `slack:${TEAM}:C00BUSY0${i}`, message });
    }
    for (let i = 0; i < 2; i++) {
      await t.app.outbound.deliver({ tenantId: quiet.id, deliveryKey: `test:quiet:${i}`, kind: 'survey', threadId: `slack:${OTHER_TEAM}:C00QUIET${i}`, message });
    }
    // A 429 elsewhere just paused the busy workspace for a second: its sends already due step aside too.
    await limiter.pause(`slack:${TEAM}`, 1_000);
    await jobs.start();
    await waitFor(() => t.slack.callsOf('chat.postMessage').length === 12, 'all twelve posts', 15_000);
    const channels = t.slack.callsOf('chat.postMessage').map((call) => String(call.args.channel));
    // At 4/s the busy workspace needs 2.5 s for its ten; the quiet one's two did not wait behind them
    // (with the busy one's sends holding both job slots until their slot, they came 10th and 12th),
    // nor behind the paused sends that were already due (those stepped aside instead of holding the slots).
    expect(channels.lastIndexOf('C00QUIET1')).toBeLessThan(channels.indexOf('C00BUSY00'));
    expect(new Set(channels).size).toBe(12);
    const rows = await t.db.prisma.outboundDelivery.findMany({ where: { deliveryKey: { startsWith: 'test:' } }, select: { status: true, attempts: true } });
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });
});
