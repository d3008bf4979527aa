/**
 * The App Home tab: app_home_opened (the recorded fixture) publishes a view
 * with the person's recent questions; managers also see the adoption section.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackTestApp, type SlackTestApp } from './support/slack-app.js';
import { fixture } from './support/fake-slack.js';
import { postEvent } from './support/signed.js';

/** The fixture's workspace and user. */
const HOME_TEAM = 'T12345678';
const HOME_USER = 'U12345678';

describe('Slack App Home', () => {
  let t: SlackTestApp;

  beforeAll(async () => {
    t = await startSlackTestApp({ demoTeams: [HOME_TEAM] });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => t.slack.reset());

  async function openHome(user = HOME_USER) {
    const envelope = fixture('event_app_home_opened.json');
    envelope.event.user = user;
    expect((await postEvent(t.baseUrl, envelope)).status).toBe(200);
    await t.idle();
    const publishes = t.slack.callsOf('views.publish');
    expect(publishes).toHaveLength(1);
    const args = publishes[0]!.args;
    expect(args.user_id).toBe(user);
    expect(args.view.type).toBe('home');
    return { blocks: args.view.blocks as any[], text: JSON.stringify(args.view.blocks), token: publishes[0]!.token };
  }

  async function ask(text: string, stamp: string) {
    const dm = fixture('event_message_im.json');
    Object.assign(dm.event, { user: HOME_USER, team: HOME_TEAM, text, ts: stamp, event_ts: stamp });
    dm.team_id = HOME_TEAM;
    dm.authorizations[0].team_id = HOME_TEAM;
    await postEvent(t.baseUrl, dm);
    await t.idle();
  }

  it('shows someone who never asked that there is nothing yet', async () => {
    const home = await openHome('U00NEWCOMER1');
    expect(home.token).toBe('xoxb-test-token');
    expect(home.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Hypercare: your rollout assistant' } });
    expect(home.text).toContain('No questions yet.');
  });

  it('lists the person\'s recent questions, newest first, and no adoption section for an end user', async () => {
    await ask('How do I submit an expense claim?', '1771460000.000001');
    await ask('How do I request leave?', '1771460001.000001');
    t.slack.reset();
    const home = await openHome();
    const recent = home.blocks.findIndex((b) => b.type === 'header' && b.text.text === 'Your recent questions');
    const list = home.blocks[recent + 1]?.text.text as string;
    expect(list.indexOf('How do I request leave?')).toBeGreaterThanOrEqual(0);
    expect(list.indexOf('How do I request leave?')).toBeLessThan(list.indexOf('How do I submit an expense claim?'));
    expect(list).toContain('(answered)');
    expect(home.text).not.toContain('Adoption snapshot');
  });

  it('adds the adoption snapshot for a manager', async () => {
    const tenant = await t.app.tenants.ensure('slack', HOME_TEAM);
    await t.db.prisma.user.update({ where: { tenantId_platform_platformUserId: { tenantId: tenant.id, platform: 'slack', platformUserId: HOME_USER } }, data: { role: 'manager' } });
    const home = await openHome();
    expect(home.blocks.some((b) => b.type === 'header' && b.text.text === 'Adoption snapshot (managers)')).toBe(true);
    expect(home.text).toContain('How do I request leave?');
  });

  it('ignores app_home_opened for the Messages tab', async () => {
    const envelope = fixture('event_app_home_opened.json');
    envelope.event.tab = 'messages';
    await postEvent(t.baseUrl, envelope);
    await t.idle();
    expect(t.slack.callsOf('views.publish')).toHaveLength(0);
  });
});
