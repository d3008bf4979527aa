/**
 * Multi-workspace installs: GET /slack/install redirects to Slack's authorize
 * page with a signed state (also set as a cookie, so the callback proves it
 * comes back to the browser that started), GET /slack/oauth_redirect checks
 * both, exchanges the code (oauth.v2.access at SlackConfig.apiUrl) and stores
 * the installation. The store tells the credentials cache after each write.
 */
import { InstallProvider } from '@slack/oauth';
import type { HttpServer } from '../../http/server.js';
import type { Logger } from '../../log.js';
import type { SlackConfig } from '../../config.js';
import type { PrismaInstallationStore } from './installations.js';
import { BOT_SCOPES } from './scopes.js';
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';

export function mountOAuth(server: HttpServer, deps: { oauth: NonNullable<SlackConfig['oauth']>; apiUrl: string; store: PrismaInstallationStore; log: Logger }): void {
  const provider = new InstallProvider({
    clientId: deps.oauth.clientId,
    clientSecret: deps.oauth.clientSecret,
    stateSecret: deps.oauth.stateSecret,
    installationStore: deps.store,
    installUrlOptions: { scopes: [...BOT_SCOPES] },
    // Straight to Slack: an intermediate "Add to Slack" page is one more click for the admin and nothing more.
    directInstall: true,
    logger: slackSdkLogger(deps.log),
    clientOptions: { slackApiUrl: deps.apiUrl },
  });
  server.mount('/slack/install', (req, res) => provider.handleInstallPath(req, res));
  server.mount('/slack/oauth_redirect', (req, res) =>
    provider.handleCallback(req, res, {
      afterInstallation: async (installation) => {
        const key = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
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

/** The SDK's logger interface over ours; its debug and info output (request bodies) is dropped. */
function slackSdkLogger(log: Logger): SlackLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => log.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => log.error(msg.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
