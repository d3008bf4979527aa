/**
 * The escalation loop through the real Teams adapter (botbuilder against the
 * stand-in Bot Connector): the asker in a 1:1 chat, the engineers in a team
 * channel. The notification is posted to the channel; engineers answer in
 * its reply thread (conversation id `…;messageid=<post>`) without mentioning
 * the bot, and card buttons arrive as adaptiveCard/action invokes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, PERSONAL_CONVERSATION, TENANT, USER_AAD, cardActions, cardOf, cardText, startTeamsApp, type TeamsTestApp } from '../teams/harness.js';
import { seedGroup, seedPerson } from './chat-support.js';

const ENGINEERS = ['eeeeeeee-0000-0000-0000-000000000001', 'eeeeeeee-0000-0000-0000-000000000002'];
const QUESTION = 'How do I book the forklift for the quarterly stock count in warehouse B?';

let h: TeamsTestApp;
let tenantId: string;
let seq = 0;

function personal(text: string) {
  return h.fixture('message_personal', { text, id: `p-${++seq}`, entities: [] });
}

/** An engineer's reply in the channel thread under `postId`, not mentioning the bot. */
async function threadReply(engineer: string, postId: string, text: string) {
  const base = await h.fixture('message_channel_no_mention');
  return { ...base, id: `t-${++seq}`, text, attachments: [], from: { id: `29:${engineer}`, name: nameOf(engineer), aadObjectId: engineer }, conversation: { ...base.conversation, id: `${CHANNEL};messageid=${postId}` } };
}

/** A card button (Action.Execute) pressed by `aad` in `conversationId`. */
async function press(action: any, who: { aad: string; conversationId: string; conversationType: string; replyToId: string }) {
  const base = await h.fixture('invoke_adaptiveCard_action');
  const activity = {
    ...base,
    id: `i-${++seq}`,
    from: { id: `29:${who.aad}`, name: nameOf(who.aad), aadObjectId: who.aad },
    conversation: { id: who.conversationId, conversationType: who.conversationType, tenantId: TENANT, ...(who.conversationType === 'channel' ? { isGroup: true } : {}) },
    value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data }, trigger: 'manual' },
    replyToId: who.replyToId,
  };
  const res = await h.post(activity);
  expect(res.status).toBe(200);
  return res.body;
}

const nameOf = (aad: string) => (aad === USER_AAD ? 'Test User' : `Engineer ${ENGINEERS.indexOf(aad) + 1}`);
const outcomeText = (body: any): string => (typeof body.value === 'string' ? body.value : cardText(body.value));
const actionOf = (card: any, id: string) => cardActions(card).find((a) => a.data.actionId === id);

beforeAll(async () => {
  h = await startTeamsApp();
  tenantId = await h.teamsTenantId();
  // The bot was mentioned in the engineers' channel once, so it can post there.
  await h.post(await h.fixture('message_channel_mention'));
  const db = h.t.db.prisma;
  await seedPerson(db, tenantId, 'teams', USER_AAD, { name: 'Test User', department: 'Logistics', wave: 'Wave 2' });
  const engineers = await Promise.all(ENGINEERS.map((id, i) => seedPerson(db, tenantId, 'teams', id, { role: 'engineer', name: `Engineer ${i + 1}` })));
  await seedGroup(db, tenantId, 'Warehouse', engineers.map((e) => e.id), `teams:${TENANT}:${CHANNEL}`);
  h.connector.calls.length = 0;
});
afterAll(async () => {
  await h?.close();
});

describe('escalation through the Teams adapter', () => {
  it('notifies the channel, relays thread replies both ways, resolves with CSAT and learns the answer', async () => {
    const db = h.t.db.prisma;
    await h.post(await personal(QUESTION));
    const unknownCall = h.connector.calls.splice(0)[0]!;
    const unknown = cardOf(unknownCall);
    expect(cardText(unknown)).toContain("I don't know the answer to that yet");
    const talk = actionOf(unknown, 'esc.talk');
    expect(talk.title).toBe('Talk to an engineer');

    const created = await press(talk, { aad: USER_AAD, conversationId: PERSONAL_CONVERSATION, conversationType: 'personal', replyToId: unknownCall.id! });
    expect(outcomeText(created)).toContain('I have passed your question to');
    const escalation = await db.escalation.findFirstOrThrow({ where: { tenantId } });
    const onCall = (await db.user.findUniqueOrThrow({ where: { id: escalation.assigneeId! } })).platformUserId;
    const other = ENGINEERS.find((id) => id !== onCall)!;

    const channelPost = h.connector.calls.splice(0).find((c) => c.conversationId === CHANNEL)!;
    expect(channelPost.kind).toBe('send');
    const alert = cardOf(channelPost);
    expect(cardText(alert)).toContain('Question for the engineers');
    expect(cardText(alert)).toContain('Department: Logistics');
    expect(cardActions(alert).map((a) => a.title)).toEqual(['Claim', 'Reassign', 'Resolve', 'Save as article']);
    const thread = `${CHANNEL};messageid=${channelPost.id}`;
    expect((await db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).engineerThreadId).toBe(`teams:${TENANT}:${thread}`);
    const inChannel = (aad: string) => ({ aad, conversationId: thread, conversationType: 'channel', replyToId: channelPost.id! });

    // The asker pressing Claim is refused; two engineers: the second is told who has it.
    expect(outcomeText(await press(actionOf(alert, 'esc.claim'), inChannel(USER_AAD)))).toContain('only the rollout team');
    expect(outcomeText(await press(actionOf(alert, 'esc.claim'), inChannel(onCall)))).toMatch(/^You have it\./);
    const onCallName = onCall === ENGINEERS[0] ? 'Engineer 1' : 'Engineer 2';
    expect(outcomeText(await press(actionOf(alert, 'esc.claim'), inChannel(other)))).toBe(`${onCallName} already has this one.`);
    const claimCalls = h.connector.calls.splice(0);
    expect(claimCalls.find((c) => c.conversationId === thread)).toBeDefined();
    expect(cardText(cardOf(claimCalls.find((c) => c.conversationId === PERSONAL_CONVERSATION)))).toBe(`${onCallName} has picked up your question and will answer here.`);

    // The asker's follow-up goes into the channel thread (card text stays literal).
    await h.post(await personal('Still the same **error** on [screen 3](http://evil.example)'));
    const detail = h.connector.calls.splice(0);
    expect(cardText(cardOf(detail.find((c) => c.conversationId === thread)))).toContain('Still the same **error** on [screen 3](http://evil.example)');
    expect(cardText(cardOf(detail.find((c) => c.conversationId === PERSONAL_CONVERSATION)))).toBe('Sent to the engineer.');

    // The engineer answers in the thread without a mention: the asker gets it, the thread stays quiet.
    const answer = 'Open Warehouse > Equipment, pick the forklift and book the slot.';
    expect((await h.post(await threadReply(onCall, channelPost.id!, answer))).status).toBe(200);
    const relayed = h.connector.calls.splice(0);
    expect(relayed.map((c) => c.conversationId)).toEqual([PERSONAL_CONVERSATION]);
    expect(cardText(cardOf(relayed[0]))).toBe(`${onCallName} (engineer)\n${answer}`);

    // Resolve → CSAT in the 1:1 chat → one tap.
    expect(outcomeText(await press(actionOf(alert, 'esc.resolve'), inChannel(onCall)))).toMatch(/^Resolved\./);
    const csatCall = h.connector.calls.splice(0).find((c) => c.conversationId === PERSONAL_CONVERSATION)!;
    const csat = cardOf(csatCall);
    expect(cardText(csat)).toContain('Did this solve it?');
    const three = cardActions(csat).find((a) => a.title === '3');
    const rated = await press(three, { aad: USER_AAD, conversationId: PERSONAL_CONVERSATION, conversationType: 'personal', replyToId: csatCall.id! });
    expect(outcomeText(rated)).toContain('You rated the help 3 out of 5.');
    expect(await db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).toMatchObject({ status: 'resolved', csat: 3 });
    expect((await db.escalationMessage.findMany({ where: { escalationId: escalation.id }, orderBy: { createdAt: 'asc' } })).map((m) => m.direction)).toEqual(['to_engineer', 'to_user']);

    // Save as article: the draft comes back to the clicker; Publish; then the bot answers the question itself.
    expect(outcomeText(await press(actionOf(alert, 'esc.article'), inChannel(onCall)))).toBe('Draft article saved; check it and publish it.');
    const draftCard = cardOf(h.connector.calls.splice(0).find((c) => c.conversationId === thread));
    expect(cardText(draftCard)).toContain(answer);
    expect(outcomeText(await press(actionOf(draftCard, 'esc.publish'), inChannel(onCall)))).toContain('From now on I answer this question from it.');
    h.connector.calls.length = 0;
    await h.post(await personal(QUESTION));
    const answered = cardOf(h.connector.calls.splice(0)[0]);
    expect(cardText(answered).split('\n')[0]).toBe(QUESTION);
    expect(cardText(answered)).toContain(answer);
  });
});
