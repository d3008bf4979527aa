/**
 * A real Hypercare app for tests: a migrated test database, the same
 * createApp() main.ts uses, its HTTP server on an ephemeral port, and the
 * demo knowledge base loaded into the local tenant.
 */
import { createApp, type App } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { LOCAL_TENANT } from '../../src/bot/local/api.js';
import { loadDemoKnowledgeIfEmpty } from '../../src/knowledge/demo.js';
import type { OutgoingMessage } from '../../src/bot/core/types.js';
import type { IndexFactory } from '../../src/knowledge/service.js';
import type { Jobs } from '../../src/jobs/system.js';
import type { AdapterFactory } from '../../src/bot/core/adapter.js';
import type { Platform } from '../../src/bot/core/types.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from '../db/helpers.js';
import { testAppDeps } from './app-deps.js';

export interface TestApp {
  app: App;
  db: TestDatabase;
  baseUrl: string;
  localTenantId: string;
  /** POST /api/local/messages; returns status and parsed body. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Ask as a local user and return the replies (throws on a non-200). */
  ask(userId: string, text: string, extra?: Record<string, unknown>): Promise<OutgoingMessage[]>;
  press(userId: string, action: { id: string; value: string }): Promise<OutgoingMessage[]>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  localToken?: string;
  demo?: boolean;
  maxMessageChars?: number;
  /** Replace the search index (fault injection through the app's own seam). */
  createIndex?: IndexFactory;
  jobs?: Jobs;
  /** Chat platforms to serve besides the local channel (e.g. the Teams adapter under test). */
  adapters?: AdapterFactory[];
  /** Also load the demo knowledge base into these platform tenants (e.g. a Slack workspace). */
  demoTenants?: { platform: Platform; externalId: string }[];
  /** Where the test database lives (default: the configured server, else embedded). */
  database?: TestDatabaseOptions['target'];
  /** The surveys' clock (tests move it). */
  surveyClock?: () => Date;
  log?: import('../../src/log.js').Logger;
  /** Share another app's database (a second replica); it stays open when this app closes. */
  sharedDb?: TestDatabase;
  /** Pace proactive sends with this shared limiter (as main.ts does with Redis). */
  sendLimiter?: import('../../src/delivery/rate-limit.js').SendRateLimiter;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.sharedDb ?? (await createTestDatabase({ target: options.database }));
  const app = createApp(
    testAppDeps(db.prisma, {
      config: { maxMessageChars: options.maxMessageChars, localChannel: { enabled: true, token: options.localToken } },
      log: options.log,
      // Tests change the knowledge base and ask right after: no staleness window.
      knowledgeFreshnessMs: 0,
      createIndex: options.createIndex,
      jobs: options.jobs,
      adapters: options.adapters,
      surveyClock: options.surveyClock,
      sendLimiter: options.sendLimiter,
    }),
  );
  const tenant = await app.tenants.ensure('local', LOCAL_TENANT);
  if (options.demo !== false) await loadDemoKnowledgeIfEmpty(db.prisma, tenant.id, silentLogger);
  for (const extra of options.demoTenants ?? []) {
    const other = await app.tenants.ensure(extra.platform, extra.externalId);
    await loadDemoKnowledgeIfEmpty(db.prisma, other.id, silentLogger);
  }
  const address = await app.server.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${baseUrl}/api/local/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }
  async function replies(body: unknown): Promise<OutgoingMessage[]> {
    const res = await post(body, options.localToken ? { authorization: `Bearer ${options.localToken}` } : {});
    if (res.status !== 200) throw new Error(`local API answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.replies;
  }
  return {
    app,
    db,
    baseUrl,
    localTenantId: tenant.id,
    post,
    ask: (userId, text, extra = {}) => replies({ userId, text, ...extra }),
    press: (userId, action) => replies({ userId, action }),
    close: async () => {
      await app.server.close();
      if (!options.sharedDb) await db.drop();
    },
  };
}

/** The buttons of a reply, flattened. */
export function buttonsOf(message: OutgoingMessage) {
  return message.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : []));
}
