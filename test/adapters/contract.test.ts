/**
 * One contract for every chat adapter: equivalent platform payloads become
 * equal IncomingMessages (apart from the ids and the platform that say where
 * they came from), and the bot's own messages are marked so the router
 * skips them. Runs the adapters' real parsers on the real fixtures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEventEnvelope } from '../../src/bot/slack/parse-events.js';
import { parseBlockActions } from '../../src/bot/slack/parse-interactions.js';
import { toIncomingMessage } from '../../src/bot/teams/parse.js';
import { inboundActivity } from '../../src/bot/teams/activity.js';
import type { IncomingMessage } from '../../src/bot/core/types.js';
import { startTestApp, type TestApp } from '../support/app.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const TEAMS_BOT = '28:11111111-2222-3333-4444-555555555555';
const QUESTION = 'How do I request leave?';

interface AdapterUnderTest {
  name: string;
  /** A person's direct message with QUESTION. */
  directMessage(): IncomingMessage;
  /** A channel message @mentioning the bot, then QUESTION. */
  channelMention(): IncomingMessage;
  /** A feedback button press. */
  buttonPress(id: string, value: string): IncomingMessage;
  /** The bot's own message coming back, or undefined when the adapter drops it before the core. */
  ownMessage(): IncomingMessage | undefined;
}

function slackMessage(body: unknown): IncomingMessage {
  const outcome = parseEventEnvelope(body);
  if (outcome.kind !== 'message') throw new Error(`not a message: ${JSON.stringify(outcome)}`);
  return outcome.msg;
}

const slack: AdapterUnderTest = {
  name: 'slack',
  directMessage() {
    const body = fixture('slack/event_message_im.json');
    body.event.text = QUESTION;
    return slackMessage(body);
  },
  channelMention() {
    const body = fixture('slack/event_app_mention.json');
    body.event.text = `<@U00FAKEBOT01> ${QUESTION}`;
    return slackMessage(body);
  },
  buttonPress(id, value) {
    const body = fixture('slack/interactive_block_actions.json');
    body.actions[0].action_id = id;
    body.actions[0].value = value;
    const [parsed] = parseBlockActions(body);
    return parsed!.msg;
  },
  ownMessage() {
    const outcome = parseEventEnvelope(fixture('slack/event_message_own_bot_reply.json'));
    return outcome.kind === 'message' ? outcome.msg : undefined;
  },
};

function teamsMessage(activity: unknown): IncomingMessage {
  const parsed = inboundActivity.parse(activity);
  const msg = toIncomingMessage(parsed, parsed.conversation.tenantId ?? 'tenant', TEAMS_BOT);
  if (!msg) throw new Error('not a message');
  return msg;
}

const teams: AdapterUnderTest = {
  name: 'teams',
  directMessage() {
    const activity = fixture('teams/message_personal.json');
    activity.text = QUESTION;
    return teamsMessage(activity);
  },
  channelMention() {
    const activity = fixture('teams/message_channel_mention.json');
    const mention = activity.entities.find((e: { type: string }) => e.type === 'mention');
    activity.text = `${mention.text} ${QUESTION}`;
    return teamsMessage(activity);
  },
  buttonPress(id, value) {
    const activity = fixture('teams/message_action_submit_value.json');
    activity.value = { actionId: id, value };
    return teamsMessage(activity);
  },
  ownMessage() {
    const activity = fixture('teams/message_personal.json');
    activity.from = { id: TEAMS_BOT, name: 'Hypercare' };
    return teamsMessage(activity);
  },
};

/** The platform-neutral content of a message: what must be equal across adapters. */
function content(msg: IncomingMessage) {
  return { text: msg.text, action: msg.action, isBot: msg.author.isBot, isMe: msg.author.isMe };
}

const adapters = [slack, teams];

describe.each(adapters)('$name adapter', (adapter) => {
  it('turns a direct message into a question from a person', () => {
    expect(content(adapter.directMessage())).toEqual({ text: QUESTION, action: undefined, isBot: false, isMe: false });
  });

  it('strips its own @mention from a channel question', () => {
    expect(content(adapter.channelMention())).toEqual({ text: QUESTION, action: undefined, isBot: false, isMe: false });
  });

  it('turns a button press into the same action', () => {
    const msg = adapter.buttonPress('answer.feedback', '0190a0f0-0000-7000-8000-000000000000|yes');
    expect(content(msg)).toEqual({ text: '', action: { id: 'answer.feedback', value: '0190a0f0-0000-7000-8000-000000000000|yes' }, isBot: false, isMe: false });
  });

  it('gives every message an id and a thread of its own platform', () => {
    const msg = adapter.directMessage();
    expect(msg.platform).toBe(adapter.name);
    expect(msg.messageId).not.toBe('');
    expect(msg.threadId.startsWith(`${adapter.name}:`)).toBe(true);
  });
});

describe('equivalent payloads', () => {
  it('are equal IncomingMessages on every adapter', () => {
    for (const make of ['directMessage', 'channelMention'] as const) {
      expect(content(slack[make]())).toEqual(content(teams[make]()));
    }
    expect(content(slack.buttonPress('answer.feedback', 'x'))).toEqual(content(teams.buttonPress('answer.feedback', 'x')));
  });
});

describe('the bot\'s own messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: false });
  });
  afterAll(async () => t?.close());

  it.each(adapters)('are never answered ($name)', async (adapter) => {
    const own = adapter.ownMessage();
    if (own) {
      expect(own.author.isMe).toBe(true);
      expect(await t.app.router.route(own)).toEqual([]);
    }
    // Either dropped by the adapter or skipped by the router: nothing was processed.
    expect(await t.db.prisma.processedEvent.count()).toBe(0);
  });
});
