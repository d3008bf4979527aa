/**
 * Web API answers for the OAuth install flow. The shared fixtures hold no
 * recorded oauth.v2.access or auth.test response, so these are BUILT, not
 * captured: the fields are those of @slack/oauth's OAuthV2Response type
 * (node_modules/@slack/oauth/dist/install-provider.d.ts) and of the
 * documented responses of oauth.v2.access and auth.test
 * (docs.slack.dev/reference/methods/oauth.v2.access, …/auth.test), with the
 * placeholder id scheme the fixtures use.
 */
import { BOT_SCOPES } from '../../../src/bot/slack/scopes.js';

export const CLIENT_ID = '2141029472.691202649728';
export const APP_ID = 'A00FAKEAPP01';

export interface InstallTarget {
  /** Workspace install: the team. Org-wide (Enterprise Grid) install: the enterprise, team null. */
  team?: { id: string; name: string };
  enterprise?: { id: string; name: string };
  botToken: string;
  botUserId: string;
  botId: string;
}

export function oauthV2AccessResponse(target: InstallTarget) {
  return {
    ok: true,
    app_id: APP_ID,
    // The installer; no user token, as Hypercare asks for no user scopes.
    authed_user: { id: 'U00FAKEADMIN' },
    scope: BOT_SCOPES.join(','),
    token_type: 'bot',
    access_token: target.botToken,
    bot_user_id: target.botUserId,
    team: target.team ?? null,
    enterprise: target.enterprise ?? null,
    is_enterprise_install: !target.team && !!target.enterprise,
  };
}

/** auth.test for the new bot token; InstallProvider reads bot_id (and url for org installs). */
export function authTestResponse(target: InstallTarget) {
  const orgInstall = !target.team && !!target.enterprise;
  return {
    ok: true,
    url: orgInstall ? 'https://fake-org.enterprise.slack.com/' : 'https://fake-workspace.slack.com/',
    team: target.team?.name ?? target.enterprise?.name,
    user: 'hypercare',
    team_id: target.team?.id ?? target.enterprise?.id,
    user_id: target.botUserId,
    bot_id: target.botId,
    ...(target.enterprise ? { enterprise_id: target.enterprise.id } : {}),
    is_enterprise_install: orgInstall,
  };
}
