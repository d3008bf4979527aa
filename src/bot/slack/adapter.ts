/**
 * The Slack adapter: wires verification, parsing, the core router, Block Kit
 * replies, OAuth installs, Socket Mode and proactive sends together.
 *
 * Why not Bolt's App: the core already owns what App adds (routing, self and
 * bot filtering, de-duplication, error replies), and the one HTTP server is
 * ours; the adapter uses Slack's libraries for the parts that are Slack's
 * (Web API client, OAuth, Socket Mode) and a small receiver of its own.
 */
import type { SlackConfig } from '../../config.js';
import type { HttpServer } from '../../http/server.js';
import type { ChannelSender } from '../../delivery/outbound.js';
import type { AdapterContext, AdapterFactory, PlatformAdapter } from '../core/adapter.js';
import { SlackConversation } from './conversation.js';
import { SlackDirectorySync } from './directory-sync.js';
import { publishHome } from './home-tab.js';
import { SlackInbound } from './inbound.js';
import { PrismaInstallationStore, SlackCredentials } from './installations.js';
import { mountOAuth } from './oauth.js';
import { SlackProfiles } from './profiles.js';
import { SLACK_BODY_LIMIT, slackEventsHandler } from './receiver.js';
import { slackSender } from './sender.js';
import { createSocketMode } from './socket-mode.js';
import { SlackApi } from './web-api.js';
import { BackgroundWork } from './work.js';

export interface SlackAdapterOptions {
  /** Clock for request-timestamp checks (tests replay old signed requests). */
  now?: () => number;
  bodyLimit?: number;
  /** Re-read users.info after this long (default a day). */
  profileMaxAgeMs?: number;
  /** Longest Retry-After waited for inline (default 30 s). */
  maxRetryAfterSec?: number;
  /** Requests handled at once after their ack (default BackgroundWork's); the rest wait in order. */
  workConcurrency?: number;
}

export function slackAdapter(config: SlackConfig, options: SlackAdapterOptions = {}): AdapterFactory {
  return (ctx) => new SlackAdapter(config, ctx, options);
}

export class SlackAdapter implements PlatformAdapter {
  readonly platform = 'slack' as const;
  readonly sender: ChannelSender;
  private readonly work: BackgroundWork;
  private readonly inbound: SlackInbound;
  private readonly store?: PrismaInstallationStore;
  private readonly credentials: SlackCredentials;
  private readonly socket?: ReturnType<typeof createSocketMode>;
  private readonly directory: SlackDirectorySync;

  constructor(
    private readonly config: SlackConfig,
    private readonly ctx: AdapterContext,
    private readonly options: SlackAdapterOptions,
  ) {
    const log = ctx.log.child({ platform: 'slack' });
    const now = options.now ?? Date.now;
    const api = new SlackApi({ apiUrl: config.apiUrl, log, maxRetryAfterSec: options.maxRetryAfterSec });
    // Every install or removal drops the tenant's cached token, whichever path wrote it.
    this.store = config.oauth ? new PrismaInstallationStore(ctx.db, ctx.tenants, (key) => this.credentials.forget(key)) : undefined;
    this.credentials = new SlackCredentials(this.store, config.botToken);
    const profiles = new SlackProfiles({ api, tenants: ctx.tenants, users: ctx.users, log, now, maxAgeMs: options.profileMaxAgeMs });
    this.work = new BackgroundWork(log, options.workConcurrency);
    const conversation = new SlackConversation({ router: ctx.router, api, credentials: this.credentials, profiles, work: this.work, log });
    this.inbound = new SlackInbound(
      {
        conversation,
        openHome: async (tenantKey, slackUserId) => {
          const { token } = await this.credentials.forTenant(tenantKey);
          await profiles.get(tenantKey, slackUserId, token);
          await publishHome({ tenants: ctx.tenants, users: ctx.users, sections: ctx.services.home, api }, { tenantKey, slackUserId, token });
        },
        uninstall: async (tenantKey) => {
          const removed = (await this.store?.remove(tenantKey)) ?? 0;
          log.info({ tenant: tenantKey, removed }, 'Slack app uninstalled or its bot token revoked');
        },
      },
      this.work,
      log,
    );
    this.sender = slackSender({ db: ctx.db, users: ctx.users, api, credentials: this.credentials });
    this.directory = new SlackDirectorySync({ db: ctx.db, api, credentials: this.credentials, tenants: ctx.tenants, users: ctx.users, log });
    if (config.appToken) this.socket = createSocketMode({ appToken: config.appToken, apiUrl: config.apiUrl, inbound: this.inbound, log });
  }

  mount(server: HttpServer): void {
    const log = this.ctx.log.child({ platform: 'slack', component: 'slack-http' });
    server.mount(
      '/slack/events',
      slackEventsHandler({
        signingSecret: this.config.signingSecret,
        inbound: this.inbound,
        log,
        now: this.options.now ?? Date.now,
        bodyLimit: this.options.bodyLimit ?? SLACK_BODY_LIMIT,
      }),
    );
    if (this.config.oauth && this.store) {
      mountOAuth(server, { oauth: this.config.oauth, apiUrl: this.config.apiUrl, store: this.store, log });
    }
  }

  syncDirectory(tenantKey: string) {
    return this.directory.sync(tenantKey);
  }

  async start(): Promise<void> {
    await this.socket?.start();
  }

  async stop(): Promise<void> {
    await this.socket?.stop();
    await this.work.drain();
  }

  /** Resolves when every accepted request has been fully handled (tests, benchmarks, shutdown). */
  idle(): Promise<void> {
    return this.work.drain();
  }
}
