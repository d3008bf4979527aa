/**
 * The relay across platforms: the asker works in Teams, the engineers in a
 * Slack channel. The engineer is a person of the Teams tenant known by their
 * Slack identity (platform slack, U… id), so their Slack button presses and
 * thread replies are authorised in the asker's tenant; a Slack user who is
 * not on the rollout team's list is refused.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { loadDemoKnowledgeIfEmpty } from '../../src/knowledge/demo.js';
import { slackAdapter, type SlackAdapter } from '../../src/bot/slack/adapter.js';
import { teamsAdapter } from '../../src/bot/teams/adapter.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { FakeSlack, SLACK_FIXTURES, fixture } from '../slack/support/fake-slack.js';
import { TEST_SIGNING_SECRET, postEvent, postInteraction } from '../slack/support/signed.js';
import { startConnector, type StandInConnector } from '../teams/connector.js';
import { PERSONAL_CONVERSATION, TENANT, UNAUTHENTICATED, USER_AAD, cardActions, cardOf, cardText } from '../teams/harness.js';
import { seedGroup, seedPerson } from './chat-support.js';

const TEAM = 'T00FAKE00AA';
const ENG_CHANNEL = 'C0ENGINEERS1';
const ENGINEER = 'U0ENGINEER1';
const QUESTION = 'How do I book the forklift for the quarterly stock count in warehouse B?';

let t: TestApp;
let slack: FakeSlack;
let connector: StandInConnector;
let tenantId: string;
let seq = 0;

async function teamsMessage(text: string) {
  const activity = JSON.parse(await readFile(path.resolve(SLACK_FIXTURES, '../teams/message_personal.json'), 'utf8'));
  const res = await fetch(`${t.baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl, text, id: `p-${++seq}`, entities: [] }),
  });
  expect(res.status).toBe(200);
}

async function slackPress(user: string, messageTs: string, element: { action_id: string; value: string }) {
  const payload = {
    ...fixture('interactive_block_actions.json'),
    user: { id: user, name: user, team_id: TEAM },
    team: { id: TEAM, domain: 'fake' },
    channel: { id: ENG_CHANNEL, name: 'engineers' },
    container: { type: 'message', message_ts: messageTs, channel_id: ENG_CHANNEL, is_ephemeral: false },
    message: { ts: messageTs, type: 'message', text: '' },
    response_url: slack.hookUrl(`actions/${user}/${++seq}`),
    actions: [{ type: 'button', block_id: 'b', action_id: element.action_id, value: element.value, action_ts: `${1_790_000_000 + ++seq}.1` }],
  };
  expect((await postInteraction(t.baseUrl, payload)).status).toBe(200);
  await slackIdle();
  return slack.hooks.splice(0).map((h) => h.body);
}

async function slackThreadReply(user: string, text: string, threadTs: string) {
  const envelope = fixture('event_message_thread_reply.json');
  const ts = `${1_790_000_000 + ++seq}.000100`;
  Object.assign(envelope.event, { user, text, ts, event_ts: ts, thread_ts: threadTs, channel: ENG_CHANNEL });
  delete envelope.event.blocks;
  envelope.event_id = `EvX${seq}`;
  expect((await postEvent(t.baseUrl, envelope)).status).toBe(200);
  await slackIdle();
}

const slackIdle = () => (t.app.adapters.find((a) => a.platform === 'slack') as SlackAdapter).idle();

function buttonOf(blocks: any[], actionId: string) {
  const found = blocks.flatMap((b) => b.elements ?? []).find((e: any) => typeof e.action_id === 'string' && e.action_id.replace(/#\d+$/, '') === actionId);
  if (!found) throw new Error(`no ${actionId} in ${JSON.stringify(blocks)}`);
  return found as { action_id: string; value: string };
}

beforeAll(async () => {
  slack = await new FakeSlack().start();
  connector = await startConnector(TENANT);
  t = await startTestApp({
    adapters: [slackAdapter({ signingSecret: TEST_SIGNING_SECRET, botToken: 'xoxb-test-token', apiUrl: slack.apiUrl }), teamsAdapter(UNAUTHENTICATED)],
  });
  tenantId = (await t.app.tenants.ensure('teams', TENANT)).id;
  await loadDemoKnowledgeIfEmpty(t.db.prisma, tenantId, silentLogger);
  await seedPerson(t.db.prisma, tenantId, 'teams', USER_AAD, { name: 'Test User', department: 'Logistics' });
  // The engineer belongs to the Teams tenant's rollout team, known by their Slack account.
  const engineer = await seedPerson(t.db.prisma, tenantId, 'slack', ENGINEER, { role: 'engineer', name: 'Maria (Slack)' });
  await seedGroup(t.db.prisma, tenantId, 'Warehouse', [engineer.id], `slack:${TEAM}:${ENG_CHANNEL}`);
});
afterAll(async () => {
  await (t?.app.adapters.find((a) => a.platform === 'slack') as SlackAdapter | undefined)?.stop();
  await t?.close();
  await slack?.close();
  await connector?.close();
});

describe('escalation relay across platforms', () => {
  it('carries a Teams user\'s question to engineers in Slack and their thread replies back to Teams', async () => {
    const db = t.db.prisma;
    await teamsMessage(QUESTION);
    const unknown = connector.calls.splice(0)[0]!;
    const talk = cardActions(cardOf(unknown)).find((a) => a.data.actionId === 'esc.talk');
    await teamsMessage('I need a person');
    expect(talk).toBeDefined();
    const ack = connector.calls.splice(0)[0]!;
    expect(cardText(cardOf(ack))).toContain('I have passed your question to Maria (Slack) (Warehouse)');

    // The notification lands in the Slack engineers' channel.
    const post = slack.callsOf('chat.postMessage').find((c) => c.args.channel === ENG_CHANNEL)!;
    expect(post.args.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Question for the engineers' } });
    const escalation = await db.escalation.findFirstOrThrow({ where: { tenantId } });
    const root = (await db.outboundDelivery.findUniqueOrThrow({ where: { deliveryKey: `esc:${escalation.id}:channel` } })).platformMessageId!;
    slack.reset();

    // A Slack user who is not on the tenant's rollout team cannot claim it.
    const [refused] = await slackPress('U0STRANGER', root, buttonOf(post.args.blocks, 'esc.claim'));
    expect(refused.text).toContain('only the rollout team');
    expect((await db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).status).toBe('open');

    // The engineer claims in Slack: the Teams user hears about it.
    const [won] = await slackPress(ENGINEER, root, buttonOf(post.args.blocks, 'esc.claim'));
    expect(won.text).toMatch(/^You have it\./);
    const claimedCard = connector.calls.splice(0).find((c) => c.conversationId === PERSONAL_CONVERSATION);
    expect(cardText(cardOf(claimedCard))).toMatch(/has picked up your question/);

    // Teams → Slack thread.
    slack.reset();
    await teamsMessage('The screen says: no forklift available');
    const relayed = slack.callsOf('chat.postMessage').find((c) => c.args.channel === ENG_CHANNEL);
    expect(relayed?.args.thread_ts).toBe(root);
    expect(JSON.stringify(relayed?.args.blocks)).toContain('The screen says: no forklift available');
    connector.calls.length = 0;

    // Slack thread → Teams 1:1 chat.
    await slackThreadReply(ENGINEER, 'Forklift 2 is free on Friday; book it under Equipment.', root);
    const toUser = connector.calls.splice(0);
    expect(toUser.map((c) => c.conversationId)).toEqual([PERSONAL_CONVERSATION]);
    expect(cardText(cardOf(toUser[0]))).toContain('Forklift 2 is free on Friday; book it under Equipment.');
    const stored = await db.escalationMessage.findMany({ where: { escalationId: escalation.id }, orderBy: { createdAt: 'asc' } });
    expect(stored.map((m) => m.direction)).toEqual(['to_engineer', 'to_user']);
    const engineerRow = await db.user.findFirstOrThrow({ where: { tenantId, platform: 'slack', platformUserId: ENGINEER } });
    expect(stored[1]!.authorId).toBe(engineerRow.id);
  });
});
