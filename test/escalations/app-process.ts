/**
 * App-level escalation tests: bot processes (createApp with a real job system
 * on Redis) over one test database per file, local users, and their inboxes.
 * Working time is a fixed Wednesday morning; a policy minute lasts a few ms.
 *
 *   const scope = appScope();            // registers beforeAll/afterAll/afterEach
 *   const { app } = await scope.startProcess(prefix, { minuteMs: 40 });
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import type { OutgoingMessage } from '../../src/bot/core/types.js';
import type { Role } from '../../src/knowledge/types.js';
import { JobSystem } from '../../src/jobs/system.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';
import { testAppDeps } from '../support/app-deps.js';
import { SHARED_REDIS, deleteKeys, uniquePrefix } from '../jobs/helpers.js';
import { WEDNESDAY_10, fixedClock } from './fixtures.js';

export interface AppScope {
  db(): TestDatabase;
  /** Run after the test (last registered first). */
  defer(cleanup: () => Promise<void>): void;
  /** A Redis key prefix deleted after the test. */
  prefix(label: string): string;
  /** A bot process: the app over the file's database with its own job system (worker started unless told not to). */
  startProcess(prefix: string, options: { minuteMs: number; worker?: boolean }): Promise<{ app: App; jobs: JobSystem }>;
  localUser(tenantId: string, name: string, role: Role, extra?: { locale?: string; departmentId?: string }): ReturnType<TestDatabase['prisma']['user']['create']>;
  inboxOf(tenantId: string, userId: string): Promise<OutgoingMessage[]>;
}

export function appScope(): AppScope {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    db: () => db,
    defer: (cleanup) => void cleanups.push(cleanup),
    prefix(label) {
      const prefix = uniquePrefix(label);
      cleanups.push(() => deleteKeys(prefix));
      return prefix;
    },
    async startProcess(prefix, options) {
      const jobs = new JobSystem({ kind: 'url', connectionOptions: SHARED_REDIS }, silentLogger, { prefix, closeTimeoutMs: 2_000 });
      cleanups.push(() => jobs.close());
      const app = createApp(testAppDeps(db.prisma, { jobs, escalationTiming: { clock: fixedClock(WEDNESDAY_10).now, slaMinuteMs: options.minuteMs } }));
      if (options.worker !== false) await jobs.start();
      return { app, jobs };
    },
    localUser: (tenantId, name, role, extra = {}) =>
      db.prisma.user.create({ data: { tenantId, platform: 'local', platformUserId: name, displayName: name, role, locale: extra.locale ?? null, departmentId: extra.departmentId ?? null } }),
    async inboxOf(tenantId, userId) {
      const rows = await db.prisma.localInboxMessage.findMany({ where: { tenantId, userId }, orderBy: { id: 'asc' } });
      return rows.map((r) => r.message as unknown as OutgoingMessage);
    },
  };
}

/** The heading of each message. */
export const headings = (messages: OutgoingMessage[]) => messages.map((m) => m.blocks.find((b) => b.kind === 'heading')?.text ?? '');
