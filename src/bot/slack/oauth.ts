/**
 * Multi-workspace installs: GET /slack/install shows the "Add to Slack" link
 * (with a signed state cookie), GET /slack/oauth_redirect exchanges the code
 * (oauth.v2.access at SlackConfig.apiUrl) and stores the installation.
 */
import { InstallProvider } from '@slack/oauth';
import type { HttpServer } from '../../http/server.js';
import type { Logger } from '../../log.js';
import type { SlackConfig } from '../../config.js';
import type { PrismaInstallationStore } from './installations.js';
import { BOT_SCOPES } from './scopes.js';

export function mountOAuth(
  server: HttpServer,
  deps: { oauth: NonNullable<SlackConfig['oauth']>; apiUrl: string; store: PrismaInstallationStore; log: Logger; onInstalled: (tenantKey: string) => void },
): void {
  const provider = new InstallProvider({
    clientId: deps.oauth.clientId,
    clientSecret: deps.oauth.clientSecret,
    stateSecret: deps.oauth.stateSecret,
    installationStore: deps.store,
    installUrlOptions: { scopes: [...BOT_SCOPES] },
    clientOptions: { slackApiUrl: deps.apiUrl },
  });
  server.mount('/slack/install', (req, res) => provider.handleInstallPath(req, res));
  server.mount('/slack/oauth_redirect', (req, res) =>
    provider.handleCallback(req, res, {
      afterInstallation: async (installation) => {
        const key = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
        if (key) deps.onInstalled(key);
        deps.log.info({ tenant: key, enterprise: installation.isEnterpriseInstall ?? false }, 'Slack app installed');
        return true;
      },
      failure: (error, _options, _req, response) => {
        deps.log.warn({ code: error.code, err: error.message }, 'Slack install failed');
        response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('The Slack installation did not complete. Please start again from /slack/install.');
      },
    }),
  );
}
