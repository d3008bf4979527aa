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
import { startEmbedded, type EmbeddedPostgres } from './embedded.js';
import { assertReachable, redactUrl } from './errors.js';
import { projectPaths } from './paths.js';
import { applyMigrations } from './schema-engine.js';
import { preparedStatementName } from './prepared.js';

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
  /** Default: prisma/migrations of this project. */
  migrationsDir?: string;
  /** Embedded only: port to try first (default: ephemeral). */
  embeddedPort?: number;
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'databasePoolSize'> & Partial<Pick<Config, 'databasePreparedStatements'>>,
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
    embedded = await startEmbedded({
      directory: path.join(config.dataDir, 'pglite'),
      port: options.embeddedPort,
      // The schema engine's connections at start, then the app's one connection.
      maxConnections: 10,
      logger: log,
    });
    url = embedded.url;
  }
  // PGlite is one PostgreSQL session behind the socket server: with several client
  // connections, a transaction on one can receive another's replies (reproduced with
  // 8 connections: wrong rows returned). So the embedded database gets exactly one
  // connection; Prisma queues the rest. A PostgreSQL server gets the configured pool.
  const poolSize = embedded ? 1 : config.databasePoolSize;
  try {
    const appliedMigrations = await applyMigrations(url, options.migrationsDir ?? projectPaths.migrations, log);
    // Every connection to PGlite lands in its one session, where a statement prepared by an
    // earlier connection still exists: preparing it again would fail. Only a server gets them.
    const prisma = createPrismaClient(url, poolSize, log, { preparedStatements: !embedded && config.databasePreparedStatements !== false });
    log.info({ url: redactUrl(url), embedded: Boolean(embedded), pool: poolSize }, 'database ready');
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

/**
 * A PrismaClient over a pg pool of `poolSize` connections; pool errors are
 * logged, not thrown. With `preparedStatements` (PostgreSQL servers only,
 * never PGlite), statements marked as prepared (see prepared.ts) are
 * prepared once per connection.
 */
export function createPrismaClient(url: string, poolSize: number, logger: Logger, options: { preparedStatements?: boolean } = {}): Db {
  const adapter = new PrismaPg(
    { connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 },
    {
      onPoolError: (err) => logger.warn({ err: err.message }, 'database pool error'),
      ...(options.preparedStatements ? { statementNameGenerator: preparedStatementName } : {}),
    },
  );
  return new PrismaClient({ adapter });
}
