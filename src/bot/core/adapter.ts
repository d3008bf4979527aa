/**
 * The boundary every chat platform implements (Slack, Teams). An adapter
 * verifies and parses platform traffic into IncomingMessages for the router,
 * renders the router's OutgoingMessages back, and sends proactive messages
 * for the outbound delivery path. Only src/bot/<platform>/ knows the SDK.
 */
import type { Db } from '../../db/client.js';
import type { Logger } from '../../log.js';
import type { HttpServer } from '../../http/server.js';
import type { ChannelSender } from '../../delivery/outbound.js';
import type { TenantDirectory } from '../../directory/tenants.js';
import type { UserDirectory } from '../../directory/users.js';
import type { Router } from './router.js';
import type { BotServices } from './services.js';
import type { Platform } from './types.js';

/** What the app hands an adapter when it is created. */
export interface AdapterContext {
  router: Router;
  db: Db;
  tenants: TenantDirectory;
  users: UserDirectory;
  services: BotServices;
  log: Logger;
}

export interface PlatformAdapter {
  platform: Platform;
  /** Register the platform's HTTP endpoints on the bot's one server. */
  mount(server: HttpServer): void;
  /** Sends proactive messages to this platform's threads. */
  sender: ChannelSender;
  /**
   * Match the tenant's roster people to their accounts on this platform
   * (by email), so the bot can write to them before they write to it.
   * Absent where the platform offers no member directory to the bot.
   */
  syncDirectory?(tenantExternalId: string): Promise<{ unmatched: number; matched: number }>;
  /** Open long-lived connections (e.g. Slack Socket Mode). */
  start?(): Promise<void>;
  /** Close them; called on shutdown. */
  stop?(): Promise<void>;
}

export type AdapterFactory = (ctx: AdapterContext) => PlatformAdapter;
