/**
 * Recognition through Slack: a real signed event with a `<@U…>` mention into
 * the real endpoint, replies and the receiver's DM on the stand-in Web API,
 * user text escaped; and `/hypercare leaderboard`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackTestApp, type SlackTestApp } from '../slack/support/slack-app.js';
import { fixture, fixtureText } from '../slack/support/fake-slack.js';
import { postEvent, postForm } from '../slack/support/signed.js';

let t: SlackTestApp;
let ts = 1_771_500_000;

function dm(user: string, channel: string, text: string) {
  const envelope = fixture('event_message_im.json');
  const stamp = `${ts++}.000100`;
  Object.assign(envelope.event, { user, channel, text, ts: stamp, event_ts: stamp });
  envelope.event_id = `Ev${stamp.replace('.', '')}`;
  return envelope;
}

async function send(envelope: unknown) {
  expect((await postEvent(t.baseUrl, envelope)).status).toBe(200);
  await t.idle();
}

beforeAll(async () => {
  t = await startSlackTestApp();
  // The receiver has written to the bot before, so the bot knows their name (users.info: "spengler").
  await send(dm('U00FAKEUSER2', 'D00FAKEDM002', 'hello'));
});

afterAll(async () => {
  await t?.close();
});

describe('recognize on Slack', () => {
  it('thanks the mentioned person, DMs them, and escapes their reason so it notifies nobody', async () => {
    t.slack.reset();
    await send(dm('U00FAKEUSER1', 'D00FAKEDM001', 'recognize <@U00FAKEUSER2> for fixing the <!channel> report *fast* <https://evil.example|https://good.example>'));
    const posts = t.slack.callsOf('chat.postMessage');
    const reply = posts.find((p) => p.args.channel === 'D00FAKEDM001');
    expect(reply?.args.text).toBe('Thank you! I let spengler know that you recognised them.');
    const toReceiver = posts.find((p) => p.args.channel !== 'D00FAKEDM001');
    expect(toReceiver).toBeDefined();
    const body = JSON.stringify(toReceiver!.args.blocks);
    expect(body).toContain('You were recognised!');
    expect(body).toContain('&lt;!channel&gt;');
    expect(body).not.toContain('<!channel>');
    expect(body).not.toContain('<https://evil');
    expect(String(toReceiver!.args.text)).not.toContain('<!channel>');

    const row = await t.db.prisma.recognition.findFirstOrThrow({ where: { kind: 'recognize' } });
    const receiver = await t.db.prisma.user.findFirstOrThrow({ where: { id: row.receiverId } });
    expect(receiver.platformUserId).toBe('U00FAKEUSER2');
    expect(row.reason).toBe('fixing the <!channel> report *fast* https://good.example');
  });

  it('refuses a self-mention', async () => {
    t.slack.reset();
    await send(dm('U00FAKEUSER1', 'D00FAKEDM001', 'recognize <@U00FAKEUSER1> for being me'));
    expect(t.slack.callsOf('chat.postMessage').map((p) => p.args.text)).toEqual(['You cannot recognise yourself. Thank a colleague who helped you instead!']);
  });

  it('thanks someone the bot has not met yet: they are added and reached by DM', async () => {
    t.slack.reset();
    await send(dm('U00FAKEUSER1', 'D00FAKEDM001', 'kudos <@U00NEWPERSON|newbie> for the onboarding tour'));
    const person = await t.db.prisma.user.findFirstOrThrow({ where: { platformUserId: 'U00NEWPERSON' } });
    expect(person.displayName).toBe('newbie');
    expect(t.slack.callsOf('conversations.open').map((c) => c.args.users)).toContain('U00NEWPERSON');
  });

  /** `/hypercare <text>` from `user`; the manifest escapes mentions, so Slack sends <@U…|name>. */
  async function slash(user: string, text: string) {
    t.slack.reset();
    const fields = Object.fromEntries(new URLSearchParams(fixtureText('slash_command.txt')));
    const res = await postForm(t.baseUrl, {
      ...fields,
      team_id: 'T00FAKE00AA',
      enterprise_id: '',
      is_enterprise_install: 'false',
      user_id: user,
      command: '/hypercare',
      text,
      trigger_id: `111.222.${ts++}`,
      response_url: t.slack.hookUrl(),
    });
    expect(res.status).toBe(200);
    await t.idle();
    return t.slack.hooks.splice(0).map((h) => h.body)[0];
  }

  it('/hypercare recognize with an escaped mention', async () => {
    const reply = await slash('U00FAKEUSER3', 'recognize <@U00FAKEUSER2|spengler> for the slash-command way');
    expect(reply.text).toBe('Thank you! I let spengler know that you recognised them.');
  });

  it('/hypercare leaderboard lists the champions', async () => {
    const hook = await slash('U00FAKEUSER1', 'leaderboard');
    expect(hook.blocks[0].text.text).toBe('Top champions (last 30 days)');
    const lines = hook.blocks[1].text.text.split('\n');
    expect(lines).toEqual(['1. spengler: 4 points (recognitions: 2)', '2. newbie: 2 points (recognitions: 1)']);
  });
});
