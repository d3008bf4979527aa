/**
 * The Microsoft Teams adapter: POST /api/messages through botbuilder's
 * CloudAdapter, the turn logic, and the proactive sender. The rest of
 * Hypercare sees only the PlatformAdapter; botbuilder stays in this folder.
 */
import type { TeamsConfig } from '../../config.js';
import type { AdapterFactory, PlatformAdapter } from '../core/adapter.js';
import { EventDeduplicator } from '../core/dedupe.js';
import { botAuthentication, type CredentialsFactory } from './auth.js';
import { TeamsCloudAdapter } from './cloud-adapter.js';
import { TeamsConversations } from './conversations.js';
import { MESSAGES_PATH, messagesEndpoint } from './endpoint.js';
import { teamsSender, type TeamsSendLimits } from './sender.js';
import { SentCards } from './sent-cards.js';
import { TeamsTurn } from './turn.js';
import { TeamsProfiles } from './profiles.js';

export interface TeamsAdapterOptions {
  /** Outbound token source; by default from the app's password, certificate or managed identity. */
  credentialsFactory?: CredentialsFactory;
  limits?: TeamsSendLimits;
}

export function teamsAdapter(config: TeamsConfig, options: TeamsAdapterOptions = {}): AdapterFactory {
  return (ctx): PlatformAdapter => {
    const log = ctx.log.child({ platform: 'teams' });
    const adapter = new TeamsCloudAdapter(botAuthentication(config, options.credentialsFactory));
    const conversations = new TeamsConversations(ctx.db, ctx.users);
    const turn = new TeamsTurn({
      router: ctx.router,
      tenants: ctx.tenants,
      users: ctx.users,
      conversations,
      dedupe: new EventDeduplicator(ctx.db),
      cards: new SentCards(),
      profiles: new TeamsProfiles({ users: ctx.users, log: ctx.log.child({ platform: 'teams', component: 'teams-profiles' }) }),
      botAppId: config.appId,
      allowedTenants: config.allowedTenants,
      log,
    });
    if (config.allowUnauthenticated) log.warn('Teams accepts unauthenticated requests (TEAMS_ALLOW_UNAUTHENTICATED=true): for local testing only');
    return {
      platform: 'teams',
      mount: (server) => {
        server.mount(MESSAGES_PATH, messagesEndpoint({ adapter, turn, log }));
      },
      sender: teamsSender({ adapter, conversations, botAppId: config.appId, limits: options.limits }),
    };
  };
}
