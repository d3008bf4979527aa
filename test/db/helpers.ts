/**
 * Test databases, migrated and isolated, for any test that needs Prisma.
 *
 *   const db = await createTestDatabase();   // in beforeAll (allow ~5 s the first time)
 *   ... db.prisma.tenant.create(...) ...
 *   await db.drop();                          // in afterAll
 *
 * With TEST_DATABASE_URL (or DATABASE_URL) set, each call creates a fresh
 * `hc_test_<random>` database on that server and migrates it (~0.2 s); drop()
 * removes it. Otherwise each call gets its own in-memory PGlite. PGlite's
 * initdb costs ~2 s, so the first migrated PGlite is dumped to
 * `<os tmpdir>/hypercare-test-pglite/<hash of migrations>.tar` and later ones
 * (in this and every later test process) load that dump in ~0.6 s. The dump
 * holds the `_prisma_migrations` rows the engine wrote, so every test database
 * looks exactly like one `prisma migrate deploy` produced.
 *
 * Sharing across files: a vitest `globalSetup` may `await warmTestDatabaseCache()`
 * so parallel workers start from the dump instead of each paying initdb; or it may
 * start one database (`createTestDatabase()`), `project.provide('databaseUrl', db.url)`,
 * drop it in teardown, and tests `inject('databaseUrl')` + createPrismaClient(). Prefer
 * one database per file: tests then cannot see each other's rows.
 *
 * This is the only test module that reads process.env.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPrismaClient, type Db } from '../../src/db/client.js';
import { startEmbedded } from '../../src/db/embedded.js';
import { withDatabase } from '../../src/db/errors.js';
import { projectPaths } from '../../src/db/paths.js';
import { applyMigrations, readMigrationList } from '../../src/db/schema-engine.js';
import { silentLogger } from '../../src/log.js';

export interface TestDatabase {
  prisma: Db;
  url: string;
  kind: 'server' | 'embedded';
  /** Disconnect and delete the database. Idempotent. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Default: the env server when set, else embedded. */
  target?: 'auto' | 'embedded' | { serverUrl: string };
  /** Prisma pool size (default 5). */
  poolSize?: number;
}

/** The PostgreSQL server tests were pointed at (TEST_DATABASE_URL, else DATABASE_URL), if any. */
export function testServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/**
 * A server for tests that must run on real PostgreSQL: the configured one, else
 * the development default 127.0.0.1:5432 if it answers; undefined → skip them.
 */
export async function findPostgresServer(): Promise<string | undefined> {
  const configured = testServerUrl();
  if (configured) return configured;
  const local = 'postgresql://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: local, connectionTimeoutMillis: 1_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return local;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const target = options.target ?? 'auto';
  const serverUrl = typeof target === 'object' ? target.serverUrl : target === 'auto' ? testServerUrl() : undefined;
  const poolSize = options.poolSize ?? 5;
  return serverUrl ? createOnServer(serverUrl, poolSize) : createEmbedded();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createOnServer(serverUrl: string, poolSize: number): Promise<TestDatabase> {
  const name = `hc_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(serverUrl, name);
  try {
    await applyMigrations(url, projectPaths.migrations, silentLogger);
  } catch (err) {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw err;
  }
  // As openDatabase does for a server.
  const prisma = createPrismaClient(url, poolSize, silentLogger, { preparedStatements: true });
  let dropping: Promise<void> | undefined;
  return {
    prisma,
    url,
    kind: 'server',
    drop: () =>
      (dropping ??= (async () => {
        await prisma.$disconnect();
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      })()),
  };
}

async function createEmbedded(): Promise<TestDatabase> {
  // One connection, as in production (src/db/client.ts): PGlite is one session, and
  // concurrent connections with transactions can receive each other's replies.
  const server = await startEmbedded({ loadDataDir: await migratedDump(), maxConnections: 10 });
  const prisma = createPrismaClient(server.url, 1, silentLogger);
  let dropping: Promise<void> | undefined;
  return {
    prisma,
    url: server.url,
    kind: 'embedded',
    drop: () =>
      (dropping ??= (async () => {
        await prisma.$disconnect();
        await server.stop();
      })()),
  };
}

let dumpPromise: Promise<Blob> | undefined;

/** Build (or load) the migrated PGlite dump now, e.g. from a vitest globalSetup. */
export async function warmTestDatabaseCache(): Promise<void> {
  await migratedDump();
}

/** The migrated PGlite data directory as a tarball, for `startEmbedded({ loadDataDir })` with custom options. */
export function migratedPgliteDump(): Promise<Blob> {
  return migratedDump();
}

function migratedDump(): Promise<Blob> {
  dumpPromise ??= (async () => {
    const file = path.join(os.tmpdir(), 'hypercare-test-pglite', `${await cacheKey()}.tar`);
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return new Blob([cached]);
    const fresh = await startEmbedded();
    try {
      await applyMigrations(fresh.url, projectPaths.migrations, silentLogger);
      const dump = await fresh.pglite.dumpDataDir('none');
      await saveDump(file, dump);
      return dump;
    } finally {
      await fresh.stop();
    }
  })();
  dumpPromise.catch(() => (dumpPromise = undefined));
  return dumpPromise;
}

/** Changes whenever a migration or the PGlite version changes, so a stale dump is never used. */
async function cacheKey(): Promise<string> {
  const hash = createHash('sha256');
  // The package does not export its package.json; find it next to the resolved entry (dist/…).
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  hash.update(await readFile(path.join(path.dirname(entry), '..', 'package.json')));
  for (const dir of (await readMigrationList(projectPaths.migrations)).migrationDirectories) {
    hash.update(`\0${dir.path}\0${dir.migrationFile.content.value}`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function saveDump(file: string, dump: Blob): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, new Uint8Array(await dump.arrayBuffer()));
  await rename(tmp, file); // atomic: a parallel worker reads either nothing or the whole dump
  // Older dumps (previous migrations) are dead weight (~40 MB each).
  for (const other of await readdir(path.dirname(file)).catch(() => [])) {
    if (other.endsWith('.tar') && other !== path.basename(file)) await rm(path.join(path.dirname(file), other), { force: true });
  }
}
