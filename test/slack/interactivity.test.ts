/** Slash commands, buttons and modals: form-encoded, signed, answered through the response_url. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackTestApp, TEAM, type SlackTestApp } from './support/slack-app.js';
import { fixture, fixtureText } from './support/fake-slack.js';
import { postEvent, postForm, postInteraction } from './support/signed.js';

describe('Slack slash commands and interactivity', () => {
  let t: SlackTestApp;
  let trigger = 0;

  beforeAll(async () => {
    t = await startSlackTestApp({ demoTeams: [TEAM, 'T111'] });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => t.slack.reset());

  /** The recorded slash command, sent to this team, with its response_url pointed at the fake server. */
  function command(command: string, text: string, user = 'U00FAKEUSER1'): Record<string, string> {
    const fields = Object.fromEntries(new URLSearchParams(fixtureText('slash_command.txt')));
    return { ...fields, team_id: TEAM, enterprise_id: '', user_id: user, command, text, trigger_id: `111.222.t${trigger++}`, response_url: t.slack.hookUrl() };
  }

  async function run(fields: Record<string, string>) {
    const res = await postForm(t.baseUrl, fields);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await t.idle();
    return t.slack.hooks.splice(0).map((h) => h.body);
  }

  it('/ask answers the question privately through the response_url', async () => {
    const [reply] = await run(command('/ask', 'How do I submit an expense claim?'));
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.blocks.some((b: any) => b.type === 'actions')).toBe(true);
  });

  it('/hypercare help, stats and lang, in English and Chinese', async () => {
    const [help] = await run(command('/hypercare', 'help'));
    expect(help.text).toContain('stats');
    const [empty] = await run(command('/hypercare', ''));
    expect(empty.text).toBe(help.text);
    const [zhHelp] = await run(command('/hypercare', '帮助'));
    expect(zhHelp.text).toContain('统计');
    const [stats] = await run(command('/hypercare', 'stats', 'U00STATS0001'));
    expect(stats.blocks[0].text.text).toBe('Your Hypercare numbers');
    expect(JSON.stringify(stats.blocks)).toContain('Questions asked');
    const [lang] = await run(command('/hypercare', 'lang zh', 'U00STATS0001'));
    expect(lang.text).toContain('中文');
    const [statsZh] = await run(command('/hypercare', 'stats', 'U00STATS0001'));
    expect(statsZh.blocks[0].text.text).toBe('你的 Hypercare 使用数据');
    const [zhWords] = await run(command('/hypercare', '统计', 'U00STATS0001'));
    expect(zhWords.blocks[0].text.text).toBe('你的 Hypercare 使用数据');
  });

  it('the raw recorded slash command body is understood (org workspace, empty text → help)', async () => {
    const fields = Object.fromEntries(new URLSearchParams(fixtureText('slash_command.txt')));
    await run({ ...fields, response_url: t.slack.hookUrl() }).then(([reply]) => expect(reply.text).toContain('Hypercare'));
  });

  it('"Helpful" on an answer records the rating and replies to the presser', async () => {
    const ask = fixture('event_message_im.json');
    ask.event.text = 'How do I submit an expense claim?';
    ask.event.ts = '1771443000.000001';
    await postEvent(t.baseUrl, ask);
    await t.idle();
    const answer = t.slack.callsOf('chat.postMessage')[0]!;
    const button = (answer.args.blocks as any[]).find((b) => b.type === 'actions').elements[0];

    const click = fixture('interactive_block_actions.json');
    click.user = { ...click.user, id: 'U00FAKEUSER1', team_id: TEAM };
    click.team = { id: TEAM, domain: 'x' };
    click.container = { type: 'message', message_ts: '1771443000.000200', channel_id: 'D00FAKEDM001', is_ephemeral: false };
    click.channel = { id: 'D00FAKEDM001', name: 'directmessage' };
    click.response_url = t.slack.hookUrl('actions/T/1/x');
    click.actions = [{ ...click.actions[0], action_id: button.action_id, value: button.value }];
    expect((await postInteraction(t.baseUrl, click)).status).toBe(200);
    await t.idle();
    const [reply] = t.slack.hooks.map((h) => h.body);
    expect(reply.text).toContain('Glad it helped');
    const feedback = await t.db.prisma.feedback.findMany();
    expect(feedback).toHaveLength(1);
    expect(feedback[0]?.helpful).toBe(true);
  });

  it('acknowledges a view submission with an empty 200 (closes the modal)', async () => {
    const res = await postInteraction(t.baseUrl, fixture('interactive_view_submission.json'));
    expect(res).toEqual({ status: 200, text: '' });
    const shortcut = await postInteraction(t.baseUrl, fixture('interactive_shortcut.json'));
    expect(shortcut.status).toBe(200);
  });
});
