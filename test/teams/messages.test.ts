/**
 * Teams end to end without Microsoft's servers: recorded activities POSTed
 * to /api/messages of the real app (unauthenticated mode), replies arriving
 * as the real Bot Connector calls botbuilder makes to a local stand-in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOT_ID, CHANNEL, PERSONAL_CONVERSATION, TENANT, USER_AAD, cardActions, cardOf, cardText, startTeamsApp, type TeamsTestApp } from './harness.js';

let h: TeamsTestApp;
let seq = 0;
/** A fresh activity id, so the router's de-duplication does not swallow a repeated fixture. */
const freshId = () => `1800000000${String(++seq).padStart(3, '0')}`;

beforeAll(async () => {
  h = await startTeamsApp();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.connector.calls.length = 0;
});

async function askPersonal(text: string) {
  const activity = await h.fixture('message_personal', { id: freshId(), text });
  const res = await h.post(activity);
  expect(res.status).toBe(200);
  return activity;
}

describe('personal chat', () => {
  it('answers the recorded greeting with the help card, as a reply to the message', async () => {
    const activity = await h.fixture('message_personal');
    expect((await h.post(activity)).status).toBe(200);
    expect(h.connector.calls).toHaveLength(1);
    const [call] = h.connector.calls;
    expect(call).toMatchObject({ method: 'POST', kind: 'reply', conversationId: PERSONAL_CONVERSATION, activityId: '1767378504354' });
    expect(call!.body).toMatchObject({ type: 'message', from: { id: BOT_ID }, conversation: { id: PERSONAL_CONVERSATION } });
    const card = cardOf(call);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(cardText(card)).toContain('Hi, I am Hypercare, the rollout assistant');
  });

  it('answers a question with passage, source link, related articles and feedback buttons (no escalation yet)', async () => {
    await askPersonal('How do I submit an expense claim?');
    const card = cardOf(h.connector.calls[0]);
    expect(card.body[0]).toMatchObject({ type: 'RichTextBlock', inlines: [{ text: 'Submit an expense claim', weight: 'Bolder' }] });
    const source = card.body.find((e: any) => e.inlines?.[0]?.text === 'Source: ');
    expect(source.inlines[1]).toMatchObject({ text: 'Submit an expense claim', selectAction: { type: 'Action.OpenUrl' } });
    expect(source.inlines[1].selectAction.url).toMatch(/^http:\/\/hypercare\.test\/kb\/[^/]+\/expenses-submit-claim\?lang=en&sig=/);
    const actions = cardActions(card);
    expect(actions.map((a) => a.title)).toEqual(['Yes', 'No']);
    expect(actions[0]).toMatchObject({
      type: 'Action.Execute',
      verb: 'answer.feedback',
      style: 'positive',
      data: { actionId: 'answer.feedback', value: expect.stringMatching(/^[0-9a-f-]{36}\|yes$/) },
      fallback: { type: 'Action.Submit', data: { actionId: 'answer.feedback' } },
    });
    expect(JSON.stringify(card)).not.toMatch(/engineer/i);
    expect(card.fallbackText).toContain('Did this help?');
  });

  it('runs the typed commands through the core router (lang zh, then a question answered in Chinese)', async () => {
    await askPersonal('lang zh');
    expect(cardText(cardOf(h.connector.calls[0]))).toBe('好的，以后我会用中文回答。');
    await askPersonal('How do I request leave?');
    expect(cardActions(cardOf(h.connector.calls[1])).map((a) => a.title)).toEqual(['有帮助', '没帮助']);
    await askPersonal('lang auto');
  });

  it('answers a redelivered activity (same id) once', async () => {
    const activity = await askPersonal('How do I reset my password?');
    expect((await h.post(activity)).status).toBe(200);
    expect(h.connector.calls).toHaveLength(1);
  });

  it('never answers its own messages', async () => {
    const activity = await h.fixture('message_personal', { id: freshId(), from: { id: BOT_ID, name: 'Chat SDK Demo' } });
    expect((await h.post(activity)).status).toBe(200);
    expect(h.connector.calls).toEqual([]);
  });

  it('stores the user\'s ConversationReference for later proactive messages', async () => {
    await askPersonal('help');
    const user = await h.t.db.prisma.user.findFirst({ where: { platform: 'teams', platformUserId: USER_AAD } });
    expect(user?.conversationRef).toMatchObject({
      channelId: 'msteams',
      serviceUrl: h.connector.serviceUrl,
      bot: { id: BOT_ID },
      conversation: { id: PERSONAL_CONVERSATION, tenantId: TENANT },
      user: { aadObjectId: USER_AAD },
    });
  });
});

describe('channels', () => {
  it('answers an @mention in the thread, with the mention stripped from the question', async () => {
    const activity = await h.fixture('message_channel_mention', { text: '<at>Chat SDK Demo</at> How do I submit an expense claim?' });
    expect((await h.post(activity)).status).toBe(200);
    expect(h.connector.calls).toHaveLength(1);
    expect(h.connector.calls[0]).toMatchObject({ kind: 'reply', conversationId: `${CHANNEL};messageid=1766459963017`, activityId: '1766459963017' });
    expect(cardText(cardOf(h.connector.calls[0]))).toContain('Submit an expense claim');
    const question = await h.t.db.prisma.question.findFirst({ where: { messageId: { endsWith: '|1766459963017' } } });
    expect(question?.text).toBe('How do I submit an expense claim?');
    expect(question?.threadId).toBe(`teams:${TENANT}:${CHANNEL};messageid=1766459963017`);
  });

  it('answers the recorded thread reply in its thread', async () => {
    const activity = await h.fixture('message_channel_mention_thread_reply');
    expect((await h.post(activity)).status).toBe(200);
    expect(h.connector.calls[0]).toMatchObject({ kind: 'reply', conversationId: `${CHANNEL};messageid=1759881511856`, activityId: '1759944781430' });
    const question = await h.t.db.prisma.question.findFirst({ where: { messageId: { endsWith: '|1759944781430' } } });
    expect(question?.text).toBe('reply to thread');
  });

  it('stays quiet in a channel thread when it is not mentioned', async () => {
    const activity = await h.fixture('message_channel_no_mention');
    expect((await h.post(activity)).status).toBe(200);
    expect(h.connector.calls).toEqual([]);
  });

  it('ignores reactions', async () => {
    expect((await h.post(await h.fixture('messageReaction_added'))).status).toBe(200);
    expect(h.connector.calls).toEqual([]);
  });

  it('maps an Action.Submit value to a core action and replies in the thread', async () => {
    const activity = await h.fixture('message_action_submit_value');
    expect((await h.post(activity)).status).toBe(200);
    expect(h.connector.calls[0]).toMatchObject({ kind: 'reply', conversationId: `${CHANNEL};messageid=1767326091220` });
    expect(cardText(cardOf(h.connector.calls[0]))).toBe('That button is no longer active. Please ask your question again.');
  });
});

describe('card buttons', () => {
  async function answerCard() {
    const activity = await askPersonal('How do I submit an expense claim?');
    const call = h.connector.calls.at(-1)!;
    return { activity, postedId: call.id!, yes: cardActions(cardOf(call))[0] };
  }

  it('refreshes the card in place on Action.Execute: same answer, buttons replaced by the outcome', async () => {
    const before = h.connector.calls.length;
    const { yes, postedId } = await answerCard();
    const invoke = await h.fixture('invoke_adaptiveCard_action', {
      id: `f:${freshId()}`,
      replyToId: postedId,
      value: { action: { type: 'Action.Execute', verb: yes.verb, data: yes.data }, trigger: 'manual' },
    });
    const res = await h.post(invoke);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const refreshed = res.body.value;
    expect(cardText(refreshed)).toContain('Submit an expense claim');
    expect(cardText(refreshed)).toContain('Glad it helped!');
    expect(cardActions(refreshed)).toEqual([]);
    expect(h.connector.calls.length).toBe(before + 1);
    const feedback = await h.t.db.prisma.feedback.findMany({ where: { helpful: true } });
    expect(feedback.length).toBeGreaterThan(0);
  });

  it('answers the recorded invoke (an action it does not know) with a message for the clicker, card untouched', async () => {
    const res = await h.post(await h.fixture('invoke_adaptiveCard_action'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'That button is no longer active. Please ask your question again.',
    });
    expect(h.connector.calls).toEqual([]);
  });

  it('updates the card in place (PUT) for Action.Submit from an older client', async () => {
    const { yes, postedId } = await answerCard();
    const submit = await h.fixture('message_personal', { id: freshId(), text: undefined, value: yes.fallback.data, replyToId: postedId });
    expect((await h.post(submit)).status).toBe(200);
    const update = h.connector.calls.at(-1)!;
    expect(update).toMatchObject({ method: 'PUT', kind: 'update', conversationId: PERSONAL_CONVERSATION, activityId: postedId });
    expect(cardText(cardOf(update))).toContain('Glad it helped!');
    expect(cardActions(cardOf(update))).toEqual([]);
  });
});

describe('welcome', () => {
  it('welcomes a team once when the bot is added (conversationUpdate, then installationUpdate)', async () => {
    expect((await h.post(await h.fixture('conversationUpdate_membersAdded_bot_to_team'))).status).toBe(200);
    expect((await h.post(await h.fixture('installationUpdate_add_team'))).status).toBe(200);
    expect(h.connector.calls).toHaveLength(1);
    expect(h.connector.calls[0]).toMatchObject({ conversationId: CHANNEL });
    const text = cardText(cardOf(h.connector.calls[0]));
    expect(text).toContain('Thanks for adding me to this team');
    expect(text).toContain('help, lang en, lang zh, lang auto, stats');
    const installation = await h.t.db.prisma.installation.findUnique({ where: { platform_key: { platform: 'teams', key: TENANT } } });
    expect(installation?.data).toMatchObject({ serviceUrl: h.connector.serviceUrl, bot: { id: BOT_ID }, conversations: { [CHANNEL]: { conversation: { id: CHANNEL } } } });
  });

  it('welcomes a person in their Teams language when they install the bot for themselves', async () => {
    // No recorded personal-scope installationUpdate exists (see SOURCES.md): the personal fixture's ids as one.
    const personal = await h.fixture('message_personal', {
      type: 'installationUpdate',
      action: 'add',
      id: `f:${freshId()}`,
      text: undefined,
      locale: 'zh-CN',
      conversation: { conversationType: 'personal', tenantId: TENANT, id: 'a:1AnotherPersonalConversation' },
    });
    expect((await h.post(personal)).status).toBe(200);
    expect(h.connector.calls).toHaveLength(1);
    expect(cardText(cardOf(h.connector.calls[0]))).toContain('你好，我是上线助手 Hypercare');
  });
});

describe('malformed requests', () => {
  it('refuses a body that is not an activity with 400 and runs nothing', async () => {
    expect((await h.post('{"hello":')).status).toBe(400);
    expect((await h.post({ type: 'message' })).status).toBe(400);
    expect(h.connector.calls).toEqual([]);
  });
});

