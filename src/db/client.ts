/**
 * The one way the app gets a database: DATABASE_URL when set, otherwise the
 * embedded PGlite under `<dataDir>/pglite`; migrations are applied first in
 * both cases, then a PrismaClient over @prisma/adapter-pg is handed out.
 */
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { EmbeddedLockedError, startEmbedded, type EmbeddedPostgres } from './embedded.js';
import { assertReachable, redactUrl } from './errors.js';
import { projectPaths } from './paths.js';
import { applyMigrations } from './schema-engine.js';

/** The Prisma client type the rest of the app receives. */
export type Db = PrismaClient;

export interface Database {
  prisma: Db;
  /** Connection URL (may contain a password: do not log it, use redactUrl). */
  url: string;
  /** True when this process runs PGlite itself. */
  embedded: boolean;
  /** Migrations applied by this start. */
  appliedMigrations: string[];
  /** Disconnect Prisma, then stop the embedded server if any. Idempotent. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * Tools (the CLI) set this: when another process on this machine holds the
   * embedded database, connect to the server it runs instead of failing, so
   * `kb import` works while the bot is running.
   */
  attachToRunning?: boolean;
  /** Default: prisma/migrations of this project. */
  migrationsDir?: string;
  /** Embedded only: port to try first (default: ephemeral). */
  embeddedPort?: number;
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'databasePoolSize'>,
  logger: Logger,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  const log = logger.child({ component: 'db' });
  let embedded: EmbeddedPostgres | undefined;
  let url: string;
  if (config.databaseUrl) {
    url = config.databaseUrl;
    await assertReachable(url);
  } else {
    try {
      embedded = await startEmbedded({
        directory: path.join(config.dataDir, 'pglite'),
        port: options.embeddedPort,
        // The app pool, the schema engine (2) and a tool or two (the CLI, psql).
        maxConnections: config.databasePoolSize + 10,
        logger: log,
      });
      url = embedded.url;
    } catch (err) {
      if (!(options.attachToRunning && err instanceof EmbeddedLockedError && err.url)) throw err;
      log.debug({ pid: err.pid }, 'attaching to the embedded database of a running Hypercare process');
      url = err.url;
      await assertReachable(url);
    }
  }
  try {
    const appliedMigrations = await applyMigrations(url, options.migrationsDir ?? projectPaths.migrations, log);
    const prisma = createPrismaClient(url, config.databasePoolSize, log);
    log.info({ url: redactUrl(url), embedded: Boolean(embedded), pool: config.databasePoolSize }, 'database ready');
    let closing: Promise<void> | undefined;
    return {
      prisma,
      url,
      embedded: Boolean(embedded),
      appliedMigrations,
      close: () =>
        (closing ??= (async () => {
          try {
            await prisma.$disconnect();
          } finally {
            await embedded?.stop();
          }
        })()),
    };
  } catch (err) {
    await embedded?.stop().catch(() => {});
    throw err;
  }
}

/** A PrismaClient over a pg pool of `poolSize` connections; pool errors are logged, not thrown. */
export function createPrismaClient(url: string, poolSize: number, logger: Logger): Db {
  const adapter = new PrismaPg(
    { connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 },
    { onPoolError: (err) => logger.warn({ err: err.message }, 'database pool error') },
  );
  return new PrismaClient({ adapter });
}
