/**
 * Socket Mode through the real @slack/socket-mode client: apps.connections.open
 * on the fake Web API hands it a local ws:// URL; an events_api envelope is
 * acknowledged on the socket and answered on the Web API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackTestApp, type SlackTestApp } from './support/slack-app.js';
import { fixture, fixtureText } from './support/fake-slack.js';
import { FakeSocketMode } from './support/fake-socket-mode.js';

const APP_TOKEN = 'xapp-1-A00FAKEAPP01-0000-fake';

describe('Slack Socket Mode', () => {
  let t: SlackTestApp;
  let socket: FakeSocketMode;
  let envelopes = 0;
  let connectionsOpen: { token?: string }[] = [];

  beforeAll(async () => {
    socket = await new FakeSocketMode().start();
    t = await startSlackTestApp({ config: { appToken: APP_TOKEN } });
    // Shape per Slack's apps.connections.open reference: { ok, url }.
    t.slack.script('apps.connections.open', { status: 200, body: { ok: true, url: socket.url } });
    const connected = socket.whenConnected();
    await t.adapter.start();
    await connected;
    connectionsOpen = t.slack.callsOf('apps.connections.open');
  });
  afterAll(async () => {
    await t?.close(); // adapter.stop() closes the socket with a close handshake
    await socket?.close();
  });
  beforeEach(() => t.slack.reset());

  /** Wrap a payload the way Slack does on the socket. */
  function envelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown) {
    return { envelope_id: `fake-envelope-${++envelopes}`, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' };
  }

  it('asks apps.connections.open for the WebSocket URL with the app-level token, not a bot token', () => {
    expect(connectionsOpen.map((c) => c.token)).toEqual([APP_TOKEN]);
  });

  it('acknowledges an events_api envelope on the socket and answers the DM on the Web API', async () => {
    const dm = fixture('event_message_im.json');
    Object.assign(dm.event, { text: 'How do I submit an expense claim?', ts: '1771470000.000001', event_ts: '1771470000.000001' });
    const sent = envelope('events_api', dm);
    socket.send(sent);
    const ack = await socket.next((m) => m.envelope_id === sent.envelope_id);
    expect(ack).toEqual({ envelope_id: sent.envelope_id, payload: {} });
    await t.idle();
    const posts = t.slack.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ token: 'xoxb-test-token', args: { channel: 'D00FAKEDM001' } });
    expect(JSON.stringify(posts[0]?.args.blocks)).toContain('expense');
  });

  it('takes slash commands over the socket too (answered through the response_url)', async () => {
    const fields = Object.fromEntries(new URLSearchParams(fixtureText('slash_command.txt')));
    const sent = envelope('slash_commands', { ...fields, command: '/hypercare', text: 'help', trigger_id: '111.222.socket', response_url: t.slack.hookUrl() });
    socket.send(sent);
    expect(await socket.next((m) => m.envelope_id === sent.envelope_id)).toEqual({ envelope_id: sent.envelope_id, payload: {} });
    await t.idle();
    expect(t.slack.hooks[0]?.body.text).toContain('stats');
  });
});
