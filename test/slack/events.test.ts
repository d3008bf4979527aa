/** Questions by DM and @mention, through the real endpoint, answered once on the fake Web API. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackTestApp, TEAM, type SlackTestApp } from './support/slack-app.js';
import { fixture } from './support/fake-slack.js';
import { postEvent } from './support/signed.js';

function withText(name: string, text: string, extra: Record<string, unknown> = {}) {
  const envelope = fixture(name);
  envelope.event.text = text;
  Object.assign(envelope.event, extra);
  return envelope;
}

describe('Slack events', () => {
  let t: SlackTestApp;

  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => t.slack.reset());

  it('answers a DM in the DM, with Block Kit: passage, source, buttons', async () => {
    const res = await postEvent(t.baseUrl, withText('event_message_im.json', 'How do I submit an expense claim?'));
    expect(res.status).toBe(200);
    await t.idle();
    const [post] = t.slack.callsOf('chat.postMessage');
    expect(post?.token).toBe('xoxb-test-token');
    expect(post?.args.channel).toBe('D00FAKEDM001');
    expect(post?.args.thread_ts).toBeUndefined();
    const types = (post?.args.blocks as any[]).map((b) => b.type);
    expect(types).toEqual(expect.arrayContaining(['header', 'section', 'context', 'actions']));
    const context = (post?.args.blocks as any[]).find((b) => b.type === 'context');
    expect(context.elements[0].text).toMatch(/<http:\/\/hypercare\.test\/[^|>]+\|[^>]+>/);
    const actions = (post?.args.blocks as any[]).find((b) => b.type === 'actions');
    expect(actions.elements.map((e: any) => e.action_id)).toEqual(['answer.feedback#0', 'answer.feedback#1']);
    expect(post?.args.unfurl_links).toBe(false);
  });

  it('answers an @mention in the thread of the mention, without the mention in the question', async () => {
    const envelope = withText('event_app_mention.json', '<@U00FAKEBOT01> how do I request leave?');
    expect((await postEvent(t.baseUrl, envelope)).status).toBe(200);
    await t.idle();
    const posts = t.slack.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe('C00FAKECHAN1');
    expect(posts[0]?.args.thread_ts).toBe(envelope.event.ts);
    const question = await t.db.prisma.question.findFirst({ where: { messageId: `C00FAKECHAN1:${envelope.event.ts}` } });
    expect(question?.text).toBe('how do I request leave?');
    expect(question?.threadId).toBe(`slack:${TEAM}:C00FAKECHAN1:${envelope.event.ts}`);
  });

  it('answers once across retries and the message.channels twin of an app_mention', async () => {
    const ts = '1766459999.000001';
    const mention = withText('event_app_mention.json', '<@U00FAKEBOT01> how do I reset my password?', { ts, event_ts: ts });
    const twin = withText('event_message_channel_mention.json', '<@U00FAKEBOT01> how do I reset my password?', { ts, event_ts: ts });
    const sends = [
      postEvent(t.baseUrl, mention),
      postEvent(t.baseUrl, twin),
      postEvent(t.baseUrl, mention, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }),
      postEvent(t.baseUrl, mention, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } }),
    ];
    for (const res of await Promise.all(sends)) expect(res.status).toBe(200);
    await t.idle();
    expect(t.slack.callsOf('chat.postMessage')).toHaveLength(1);
    // A later retry (after a restart, another replica) still finds the key in PostgreSQL.
    await postEvent(t.baseUrl, mention, { headers: { 'x-slack-retry-num': '3' } });
    await t.idle();
    expect(t.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('leaves a redelivery to another replica over the same database unanswered', async () => {
    const replica = await startSlackTestApp({ sharedDb: t.db });
    try {
      const ts = '1766459999.000777';
      const mention = withText('event_app_mention.json', '<@U00FAKEBOT01> how do I submit an expense claim?', { ts, event_ts: ts });
      mention.event_id = 'Ev0REPLICA0000';
      expect((await postEvent(t.baseUrl, mention)).status).toBe(200);
      await t.idle();
      expect(t.slack.callsOf('chat.postMessage')).toHaveLength(1);
      // Slack retries on a replica that has never seen the event in its own memory.
      const retry = await postEvent(replica.baseUrl, mention, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
      expect(retry.status).toBe(200);
      await replica.idle();
      expect(replica.slack.callsOf('chat.postMessage')).toHaveLength(0);
      // The replica does answer what it has not seen: it is a working app, not a silent one.
      const fresh = withText('event_app_mention.json', '<@U00FAKEBOT01> how do I request leave?', { ts: '1766459999.000778', event_ts: '1766459999.000778' });
      fresh.event_id = 'Ev0REPLICA0001';
      expect((await postEvent(replica.baseUrl, fresh)).status).toBe(200);
      await replica.idle();
      expect(replica.slack.callsOf('chat.postMessage')).toHaveLength(1);
    } finally {
      await replica.close();
    }
  });

  it('ignores its own replies, bot messages, edits and channel chatter without a mention', async () => {
    const ownInDm = withText('event_message_im.json', 'Here is your answer', { user: 'U00FAKEBOT01', bot_id: 'B00FAKEBOT01', app_id: 'A00FAKEAPP01', ts: '1771442499.000001' });
    for (const body of [
      fixture('event_message_own_bot_reply.json'),
      ownInDm,
      fixture('event_message_bot_message.json'),
      fixture('event_message_changed.json'),
      fixture('event_message_thread_reply.json'),
      fixture('event_member_joined_channel.json'),
      fixture('event_reaction_added.json'),
    ]) {
      expect((await postEvent(t.baseUrl, body)).status).toBe(200);
    }
    await t.idle();
    expect(t.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('looks the asker up once with users.info and keeps locale, time zone and email', async () => {
    const user = 'U00FAKEPROF1';
    const info = fixture<{ ok: boolean; user: Record<string, unknown> }>('api_users.info.json');
    t.slack.script('users.info', { status: 200, body: { ...info, user: { ...info.user, id: user, locale: 'zh-CN' } } });
    await postEvent(t.baseUrl, withText('event_message_im.json', '1', { user, ts: '1771442500.000001' }));
    await postEvent(t.baseUrl, withText('event_message_im.json', 'expense claim', { user, ts: '1771442500.000002' }));
    await t.idle();
    expect(t.slack.callsOf('users.info')).toHaveLength(1);
    const row = await t.db.prisma.user.findFirst({ where: { platformUserId: user } });
    expect(row).toMatchObject({ displayName: 'spengler', platformLocale: 'zh-CN', timezone: 'America/Los_Angeles', email: 'spengler@ghostbusters.example.com' });
    // "1" says nothing about language: the Slack locale (zh-CN) decides.
    const first = t.slack.callsOf('chat.postMessage')[0];
    expect(first?.args.text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers a Chinese question in Chinese', async () => {
    await postEvent(t.baseUrl, withText('event_message_im.json', '怎么请假？', { ts: '1771442501.000001' }));
    await t.idle();
    const [post] = t.slack.callsOf('chat.postMessage');
    expect(post?.args.text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('never lets a question notify the channel or fake a link', async () => {
    await postEvent(t.baseUrl, withText('event_message_im.json', '<!channel> <@U0OTHER> &lt;https://evil.example|https://good.example&gt; xxyyzz'.repeat(1), { ts: '1771442502.000001' }));
    await t.idle();
    const posted = JSON.stringify(t.slack.callsOf('chat.postMessage'));
    expect(posted).not.toContain('<!channel>');
    expect(posted).not.toContain('<https://evil');
  });
});
