/**
 * The escalation loop through the real Slack adapter: signed Events API and
 * interactivity requests in, Web API calls out to the local stand-in. The
 * engineers' channel gets the notification, engineers answer in its thread
 * without mentioning the bot (message events with thread_ts), and the asker
 * sees it in their DM; everything rendered as escaped Block Kit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackTestApp, TEAM, type SlackTestApp } from '../slack/support/slack-app.js';
import { fixture } from '../slack/support/fake-slack.js';
import { postEvent, postForm, postInteraction } from '../slack/support/signed.js';
import { seedGroup, seedPerson } from './chat-support.js';

const USER = 'U00FAKEUSER1';
const DM = 'D00FAKEDM001';
const ENG_CHANNEL = 'C0ENGINEERS1';
const ENGINEERS = ['U0ENGINEER1', 'U0ENGINEER2'];
const QUESTION = 'How do I book the forklift for the quarterly stock count in warehouse B?';

let t: SlackTestApp;
let tenantId: string;
let clock = 1_780_000_000;

const nextTs = () => `${clock++}.000100`;

function dm(text: string, extra: Record<string, unknown> = {}) {
  const envelope = fixture('event_message_im.json');
  const ts = nextTs();
  Object.assign(envelope.event, { text, ts, event_ts: ts, ...extra });
  envelope.event_id = `Ev${ts.replace('.', '')}`;
  return envelope;
}

/** A reply in a channel thread, without a mention (Slack's message.channels event). */
function threadReply(user: string, text: string, threadTs: string) {
  const envelope = fixture('event_message_thread_reply.json');
  const ts = nextTs();
  Object.assign(envelope.event, { user, text, ts, event_ts: ts, thread_ts: threadTs, channel: ENG_CHANNEL, parent_user_id: 'U00FAKEBOT01' });
  delete envelope.event.blocks;
  envelope.event_id = `Ev${ts.replace('.', '')}`;
  return envelope;
}

/** A button press on a message the bot posted. */
async function press(user: string, channel: string, messageTs: string, element: { action_id: string; value: string }) {
  const base = fixture('interactive_block_actions.json');
  const payload = {
    ...base,
    user: { id: user, name: user, team_id: TEAM },
    team: { id: TEAM, domain: 'fake' },
    channel: { id: channel, name: 'x' },
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    message: { ts: messageTs, type: 'message', text: '' },
    response_url: t.slack.hookUrl(`actions/${user}/${messageTs}`),
    actions: [{ type: 'button', block_id: 'b', action_id: element.action_id, value: element.value, action_ts: nextTs() }],
  };
  expect((await postInteraction(t.baseUrl, payload)).status).toBe(200);
  await t.idle();
  return t.slack.hooks.splice(0).map((h) => h.body);
}

async function send(envelope: unknown) {
  expect((await postEvent(t.baseUrl, envelope)).status).toBe(200);
  await t.idle();
}

function posts() {
  const out = t.slack.callsOf('chat.postMessage').map((c) => c.args);
  t.slack.calls.length = 0;
  return out;
}

function buttonOf(blocks: any[], actionId: string): { action_id: string; value: string } {
  for (const block of blocks) {
    for (const element of block.elements ?? []) {
      if (typeof element.action_id === 'string' && element.action_id.replace(/#\d+$/, '') === actionId) return element;
    }
  }
  throw new Error(`no ${actionId} button in ${JSON.stringify(blocks)}`);
}

const textOf = (message: Record<string, any>) => JSON.stringify(message.blocks);

beforeAll(async () => {
  t = await startSlackTestApp();
  tenantId = (await t.app.tenants.ensure('slack', TEAM)).id;
  const db = t.db.prisma;
  await seedPerson(db, tenantId, 'slack', USER, { department: 'Finance', wave: 'Wave 1' });
  const engineers = await Promise.all(ENGINEERS.map((id, i) => seedPerson(db, tenantId, 'slack', id, { role: 'engineer', name: `Engineer ${i + 1}` })));
  await seedGroup(db, tenantId, 'Warehouse', engineers.map((e) => e.id), `slack:${TEAM}:${ENG_CHANNEL}`);
});
afterAll(async () => {
  await t?.close();
});

describe('escalation through the Slack adapter', () => {
  it('notifies the channel, relays thread replies both ways, resolves with CSAT and learns the answer', async () => {
    const db = t.db.prisma;
    await send(dm(QUESTION));
    const [unknown] = posts();
    expect(unknown).toMatchObject({ channel: DM });
    const talk = buttonOf(unknown!.blocks, 'esc.talk');

    const [created] = await press(USER, DM, '1.0', talk);
    expect(created.text).toMatch(/^I have passed your question to/);
    const escalation = await db.escalation.findFirstOrThrow({ where: { tenantId } });
    const onCall = await db.user.findUniqueOrThrow({ where: { id: escalation.assigneeId! } });
    const other = ENGINEERS.find((id) => id !== onCall.platformUserId)!;

    // The channel notification and the on-call engineer's DM (opened with conversations.open).
    const alerts = posts();
    const channelPost = alerts.find((p) => p.channel === ENG_CHANNEL)!;
    expect(channelPost.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Question for the engineers' } });
    expect(textOf(channelPost)).toContain('*Department*\\nFinance');
    expect(textOf(channelPost)).toContain('*Wave*\\nWave 1');
    expect(buttonOf(channelPost.blocks, 'esc.claim').value).toBe(escalation.id);
    expect(t.slack.calls.length).toBe(0);
    const dmOpened = alerts.find((p) => p.channel === 'D069C7QFK');
    expect(dmOpened?.text).toContain('You are on call for Warehouse');
    const root = (await db.outboundDelivery.findUniqueOrThrow({ where: { deliveryKey: `esc:${escalation.id}:channel` } })).platformMessageId!;
    expect((await db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).engineerThreadId).toBe(`slack:${TEAM}:${ENG_CHANNEL}:${root}`);

    // The asker pressing an engineer's button is refused politely.
    const [refused] = await press(USER, ENG_CHANNEL, root, buttonOf(channelPost.blocks, 'esc.claim'));
    expect(refused).toMatchObject({ response_type: 'ephemeral' });
    expect(refused.text).toContain('only the rollout team');

    // Claim race through the chat path: the second engineer is told who has it.
    const [won] = await press(onCall.platformUserId, ENG_CHANNEL, root, buttonOf(channelPost.blocks, 'esc.claim'));
    expect(won.text).toMatch(/^You have it\./);
    const [lost] = await press(other, ENG_CHANNEL, root, buttonOf(channelPost.blocks, 'esc.claim'));
    // Names as Slack's users.info gave them (the stand-in answers one profile for everybody).
    onCall.displayName = (await db.user.findUniqueOrThrow({ where: { id: onCall.id } })).displayName;
    expect(lost.text).toBe(`${onCall.displayName} already has this one.`);
    const claimed = posts();
    expect(claimed.find((p) => p.channel === ENG_CHANNEL)).toMatchObject({ thread_ts: root });
    expect(claimed.find((p) => p.channel === DM)?.text).toBe(`${onCall.displayName} has picked up your question and will answer here.`);

    // The asker adds a detail and a screenshot in the DM: it lands in the engineers' thread, escaped.
    await send(dm('It fails with <!channel> <@U0ENGINEER2> error', { subtype: 'file_share', files: [{ name: 'error.png', permalink: 'https://fake.slack.com/files/error.png', mimetype: 'image/png' }] }));
    const afterDetail = posts();
    expect(afterDetail.find((p) => p.channel === DM)).toMatchObject({ text: 'Sent to the engineer.' });
    const relayed = afterDetail.find((p) => p.channel === ENG_CHANNEL);
    expect(relayed).toMatchObject({ channel: ENG_CHANNEL, thread_ts: root });
    expect(textOf(relayed!)).toContain('&lt;!channel&gt; &lt;@U0ENGINEER2&gt; error');
    expect(textOf(relayed!)).not.toContain('<!channel>');
    expect(textOf(relayed!)).toContain('error.png (https://fake.slack.com/files/error.png)');

    // The engineer answers in the thread without mentioning the bot: the asker gets it in the DM, the thread stays quiet.
    const answer = 'Open Warehouse > Equipment, pick the forklift and book the slot.';
    await send(threadReply(onCall.platformUserId, answer, root));
    const [toUser, ...noise] = posts();
    expect(noise).toEqual([]);
    expect(toUser).toMatchObject({ channel: DM });
    expect(toUser!.blocks[0]).toMatchObject({ type: 'header', text: { text: `${onCall.displayName} (engineer)` } });
    expect(textOf(toUser!)).toContain('Open Warehouse &gt; Equipment');

    // Chatter in the thread from someone who is not an engineer is not relayed.
    await send(threadReply('U0BYSTANDER', 'me too!', root));
    expect(posts()).toEqual([]);

    // Resolve → "Did this solve it?" in the asker's DM, one tap records the CSAT.
    const [resolved] = await press(onCall.platformUserId, ENG_CHANNEL, root, buttonOf(channelPost.blocks, 'esc.resolve'));
    expect(resolved.text).toMatch(/^Resolved\./);
    const csat = posts().find((p) => p.channel === DM)!;
    expect(csat.text).toContain('Did this solve it?');
    const four = csat.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.value === `${escalation.id}|4`);
    expect(four.text.text).toBe('4');
    const [thanks] = await press(USER, DM, '1.1', four);
    expect(thanks.text).toBe('Thank you! You rated the help 4 out of 5.');
    expect(await db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).toMatchObject({ status: 'resolved', csat: 4 });
    const messages = await db.escalationMessage.findMany({ where: { escalationId: escalation.id }, orderBy: { createdAt: 'asc' } });
    expect(messages.map((m) => m.direction)).toEqual(['to_engineer', 'to_user']);

    // Save as article → draft → Publish; then the bot answers the same question itself.
    const [, draft] = await press(onCall.platformUserId, ENG_CHANNEL, root, buttonOf(channelPost.blocks, 'esc.article'));
    const [published] = await press(onCall.platformUserId, ENG_CHANNEL, root, buttonOf(draft.blocks, 'esc.publish'));
    expect(published.text).toContain('From now on I answer this question from it.');
    await send(dm(QUESTION, { user: 'U0COLLEAGUE', channel: 'D0COLLEAGUE' }));
    const [answered] = posts();
    expect(answered).toMatchObject({ channel: 'D0COLLEAGUE' });
    expect(answered!.blocks[0]).toMatchObject({ type: 'header', text: { text: QUESTION } });
    expect(textOf(answered!)).toContain('Open Warehouse &gt; Equipment');
  });

  it('/hypercare queue lists open escalations for engineers only', async () => {
    await send(dm('talk to an engineer: where is the goods receipt printer?', { user: 'U0ASKER2', channel: 'D0ASKER2' }));
    posts();
    const form = (user: string, text: string) => ({ command: '/hypercare', text, team_id: TEAM, enterprise_id: '', channel_id: 'C0ANY', user_id: user, user_name: user, response_url: t.slack.hookUrl(`cmd/${user}`), trigger_id: `t.${nextTs()}` });
    await postForm(t.baseUrl, form(ENGINEERS[0]!, 'queue'));
    await t.idle();
    const [queue] = t.slack.hooks.splice(0).map((h) => h.body);
    expect(queue.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Open escalations, oldest first (1)' } });
    expect(JSON.stringify(queue.blocks)).toContain('where is the goods receipt printer?');
    await postForm(t.baseUrl, form('U0ASKER2', '队列'));
    await t.idle();
    const [refused] = t.slack.hooks.splice(0).map((h) => h.body);
    expect(refused.text).toContain('求助队列只对工程师开放');
  });
});
