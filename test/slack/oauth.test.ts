/**
 * OAuth installs end to end: /slack/install → Slack's authorize page with a
 * signed state, /slack/oauth_redirect → oauth.v2.access on the fake Web API
 * → an Installation row → that workspace's events answered with its token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClearStateStore } from '@slack/oauth';
import { BOT_SCOPES } from '../../src/bot/slack/scopes.js';
import { startSlackTestApp, TEAM, type SlackTestApp } from './support/slack-app.js';
import { fixture } from './support/fake-slack.js';
import { postEvent } from './support/signed.js';
import { authTestResponse, CLIENT_ID, oauthV2AccessResponse, type InstallTarget } from './support/oauth-responses.js';

const STATE_SECRET = 'test-state-secret-0123456789';
const STATE_COOKIE = 'slack-app-oauth-state';

const WORKSPACE: InstallTarget = { team: { id: 'T00INSTALL01', name: 'Acme Finance' }, botToken: 'xoxb-acme-finance-token', botUserId: 'U00ACMEBOT01', botId: 'B00ACMEBOT01' };
const ORG: InstallTarget = { enterprise: { id: 'E00FAKEORG01', name: 'Acme Group' }, botToken: 'xoxb-acme-org-token', botUserId: 'U00ORGBOT001', botId: 'B00ORGBOT001' };

let ts = 1771450000;

/** A DM to the bot from `team` (and, for org installs, its enterprise). */
function dmFrom(team: string, options: { enterprise?: string; botUserId?: string } = {}) {
  const envelope = fixture('event_message_im.json');
  const stamp = `${ts++}.000100`;
  Object.assign(envelope.event, { text: 'How do I submit an expense claim?', team, ts: stamp, event_ts: stamp });
  envelope.team_id = team;
  envelope.enterprise_id = options.enterprise ?? null;
  envelope.is_enterprise_install = !!options.enterprise;
  envelope.authorizations = [
    { enterprise_id: options.enterprise ?? null, team_id: options.enterprise ? null : team, user_id: options.botUserId ?? 'U00FAKEBOT01', is_bot: true, is_enterprise_install: !!options.enterprise },
  ];
  return envelope;
}

/** An app-level event (app_uninstalled, tokens_revoked) for `team`, in the Events API envelope. */
function appEvent(team: string, event: Record<string, unknown>) {
  return { token: 'x', team_id: team, api_app_id: 'A00FAKEAPP01', type: 'event_callback', event_id: `Ev${ts++}`, event_time: ts, event };
}

describe('Slack OAuth installs', () => {
  let t: SlackTestApp;

  beforeAll(async () => {
    // Multi-workspace mode: no single-workspace token to fall back on.
    t = await startSlackTestApp({ config: { botToken: undefined, oauth: { clientId: CLIENT_ID, clientSecret: 'test-client-secret', stateSecret: STATE_SECRET } } });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => t.slack.reset());

  async function beginInstall() {
    const res = await fetch(`${t.baseUrl}/slack/install`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    const setCookie = res.headers.get('set-cookie') ?? '';
    return { location, setCookie, state: location.searchParams.get('state') ?? '', cookie: setCookie.split(';')[0] ?? '' };
  }

  async function callback(query: Record<string, string>, cookie?: string) {
    const res = await fetch(`${t.baseUrl}/slack/oauth_redirect?${new URLSearchParams(query)}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    return { status: res.status, text: await res.text() };
  }

  /** The whole browser round trip, with Slack answering for `target`. */
  async function install(target: InstallTarget) {
    t.slack.script('oauth.v2.access', { status: 200, body: oauthV2AccessResponse(target) });
    t.slack.script('auth.test', { status: 200, body: authTestResponse(target) });
    const { state, cookie } = await beginInstall();
    return callback({ code: `code-for-${target.botToken}`, state }, cookie);
  }

  const installationOf = (key: string) =>
    t.db.prisma.installation.findUnique({ where: { platform_key: { platform: 'slack', key } }, include: { tenant: true } });

  it('GET /slack/install redirects to Slack\'s authorize page with the bot scopes and a signed state, also set as a cookie', async () => {
    const { location, setCookie, state } = await beginInstall();
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    // A JWT signed with the state secret: Slack hands it back untouched.
    expect(await new ClearStateStore(STATE_SECRET).verifyStateParam(new Date(), state)).toMatchObject({ scopes: [...BOT_SCOPES] });
    expect(setCookie).toMatch(new RegExp(`^${STATE_COOKIE}=${state.replace(/\./g, '\\.')};`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('Secure');
  });

  it('a workspace install stores the installation under the team and answers that team with its own bot token', async () => {
    const done = await install(WORKSPACE);
    expect(done.status).toBe(200);
    const [exchange] = t.slack.callsOf('oauth.v2.access');
    expect(exchange?.args.code).toBe(`code-for-${WORKSPACE.botToken}`);
    expect(t.slack.callsOf('auth.test')[0]?.token).toBe(WORKSPACE.botToken);

    const row = await installationOf(WORKSPACE.team!.id);
    expect(row?.tenant).toMatchObject({ platform: 'slack', externalId: WORKSPACE.team!.id, name: 'Acme Finance' });
    expect(row?.data).toMatchObject({ team: WORKSPACE.team, isEnterpriseInstall: false, bot: { token: WORKSPACE.botToken, userId: WORKSPACE.botUserId, id: WORKSPACE.botId } });

    t.slack.reset();
    expect((await postEvent(t.baseUrl, dmFrom(WORKSPACE.team!.id, { botUserId: WORKSPACE.botUserId }))).status).toBe(200);
    await t.idle();
    const posts = t.slack.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.token).toBe(WORKSPACE.botToken);
    expect(t.slack.callsOf('users.info')[0]?.token).toBe(WORKSPACE.botToken);
  });

  it('an org-wide install is one tenant, the enterprise; its workspaces are answered with the org token', async () => {
    expect((await install(ORG)).status).toBe(200);
    const row = await installationOf(ORG.enterprise!.id);
    expect(row?.tenant).toMatchObject({ externalId: ORG.enterprise!.id, name: 'Acme Group' });
    expect(row?.data).toMatchObject({ isEnterpriseInstall: true, enterprise: ORG.enterprise, enterpriseUrl: 'https://fake-org.enterprise.slack.com/' });

    t.slack.reset();
    await postEvent(t.baseUrl, dmFrom('T00ORGWKSP01', { enterprise: ORG.enterprise!.id, botUserId: ORG.botUserId }));
    await t.idle();
    expect(t.slack.callsOf('chat.postMessage').map((c) => c.token)).toEqual([ORG.botToken]);
    expect(await t.db.prisma.tenant.count({ where: { platform: 'slack', externalId: 'T00ORGWKSP01' } })).toBe(0);
  });

  it('refuses a missing, forged or foreign state, and a state from another browser, before calling Slack', async () => {
    const { state } = await beginInstall();
    const forged = await new ClearStateStore('not-the-state-secret-xyz').generateStateParam({ scopes: [...BOT_SCOPES] }, new Date());
    const attempts = [
      callback({ code: 'c1' }),
      callback({ code: 'c2', state: 'forged' }, `${STATE_COOKIE}=forged`),
      callback({ code: 'c3', state: forged }, `${STATE_COOKIE}=${forged}`),
      callback({ code: 'c4', state }), // a valid state, but not this browser's: no cookie
      callback({ code: 'c5', state }, `${STATE_COOKIE}=someone-else`),
      callback({ error: 'access_denied', state }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(400);
      expect(res.text).toContain('/slack/install');
    }
    expect(t.slack.callsOf('oauth.v2.access')).toHaveLength(0);
    expect(await t.db.prisma.installation.count({ where: { key: { notIn: [WORKSPACE.team!.id, ORG.enterprise!.id] } } })).toBe(0);
  });

  it('does not answer a workspace it is not installed in', async () => {
    await postEvent(t.baseUrl, dmFrom(TEAM));
    await t.idle();
    expect(t.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('app_uninstalled and tokens_revoked (bot token) remove the installation; a revoked user token does not', async () => {
    const team = WORKSPACE.team!.id;
    expect(await installationOf(team)).not.toBeNull();
    await postEvent(t.baseUrl, appEvent(team, { type: 'app_uninstalled' }));
    await t.idle();
    expect(await installationOf(team)).toBeNull();
    await postEvent(t.baseUrl, dmFrom(team, { botUserId: WORKSPACE.botUserId }));
    await t.idle();
    expect(t.slack.callsOf('chat.postMessage')).toHaveLength(0);

    // Installed again (the "not installed" answer just cached must not outlive the new installation).
    expect((await install(WORKSPACE)).status).toBe(200);
    await postEvent(t.baseUrl, appEvent(team, { type: 'tokens_revoked', tokens: { oauth: ['U00FAKEADMIN'] } }));
    await t.idle();
    expect(await installationOf(team)).not.toBeNull();
    await postEvent(t.baseUrl, dmFrom(team, { botUserId: WORKSPACE.botUserId }));
    await t.idle();
    expect(t.slack.callsOf('chat.postMessage').map((c) => c.token)).toEqual([WORKSPACE.botToken]);

    await postEvent(t.baseUrl, appEvent(team, { type: 'tokens_revoked', tokens: { bot: [WORKSPACE.botUserId] } }));
    await t.idle();
    expect(await installationOf(team)).toBeNull();
  });
});
