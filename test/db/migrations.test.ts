import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedPostgres } from '../../src/db/embedded.js';
import { MigrationError, withDatabase } from '../../src/db/errors.js';
import { projectPaths } from '../../src/db/paths.js';
import { applyMigrations, createMigration, diffToSchema, markMigrationRolledBack, readMigrationList } from '../../src/db/schema-engine.js';
import { silentLogger } from '../../src/log.js';
import { findPostgresServer } from './helpers.js';

const serverUrl = await findPostgresServer();

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

describe('committed migrations', () => {
  it('have the layout prisma migrate expects', async () => {
    const list = await readMigrationList(projectPaths.migrations);
    expect(list.lockfile.content).toMatch(/^provider = "postgresql"$/m);
    expect(list.migrationDirectories.length).toBeGreaterThan(0);
    for (const dir of list.migrationDirectories) {
      expect(dir.path).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect(dir.migrationFile.content.tag).toBe('ok');
    }
  });

  // Fails when schema.prisma changed without a migration: run `npm run db:diff -- --create <name>`.
  it('produce exactly prisma/schema.prisma (diff from migrations to schema is empty)', async () => {
    const diff = await diffToSchema({ from: { migrationsDir: projectPaths.migrations }, serverUrl });
    expect(diff.sql, 'schema.prisma and prisma/migrations disagree; create a migration').toBe('-- This is an empty migration.\n');
    expect(diff.empty).toBe(true);
  });

  it('also diff without any server, on a throwaway PGlite', async () => {
    expect((await diffToSchema({ from: { migrationsDir: projectPaths.migrations } })).empty).toBe(true);
  });

  it('the initial migration is what the engine generates from an empty database', async () => {
    const dirs = (await readdir(projectPaths.migrations)).filter((d) => /^\d{14}_/.test(d)).sort();
    const initial = await readFile(path.join(projectPaths.migrations, dirs[0]!, 'migration.sql'), 'utf8');
    if (dirs.length === 1) {
      const diff = await diffToSchema({ from: 'empty', serverUrl });
      expect(diff.sql).toBe(initial);
    }
    expect(initial).toContain('CREATE TABLE "Tenant"');
  });
});

type Target = { name: string; setup: () => Promise<{ url: string; cleanup: () => Promise<void> }> };

const targets: Target[] = [
  {
    name: 'PGlite',
    setup: async () => {
      const e = await startEmbedded();
      return { url: e.url, cleanup: () => e.stop() };
    },
  },
];
if (serverUrl) {
  targets.push({
    name: 'PostgreSQL',
    setup: async () => {
      const name = `hc_test_mig_${randomBytes(5).toString('hex')}`;
      await query(serverUrl, `CREATE DATABASE "${name}"`);
      return { url: withDatabase(serverUrl, name), cleanup: async () => void (await query(serverUrl, `DROP DATABASE "${name}" WITH (FORCE)`)) };
    },
  });
}

describe.each(targets)('applyMigrations on $name', ({ setup }) => {
  let url: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ url, cleanup } = await setup()));
  afterAll(async () => cleanup?.());

  it('applies every migration, records it like prisma migrate deploy, and is a no-op the second time', async () => {
    const names = (await readMigrationList(projectPaths.migrations)).migrationDirectories.map((d) => d.path);
    const started = performance.now();
    expect(await applyMigrations(url, projectPaths.migrations, silentLogger)).toEqual(names);
    const firstMs = performance.now() - started;
    expect(await applyMigrations(url, projectPaths.migrations, silentLogger)).toEqual([]);
    console.info(`migrate: first ${Math.round(firstMs)} ms`);

    const rows = await query<MigrationRow>(url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = await readFile(path.join(projectPaths.migrations, row.migration_name, 'migration.sql'), 'utf8');
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const tables = await query<{ t: string }>(url, `SELECT to_regclass('"Tenant"')::text AS t`);
    expect(tables[0]?.t).toBe('"Tenant"');
  });
});

describe('a failing migration', () => {
  let dir: string;
  let db: EmbeddedPostgres;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hc-mig-'));
    await cp(projectPaths.migrations, dir, { recursive: true });
    await mkdir(path.join(dir, '20990101000000_bad'));
    // The first statement succeeds: atomicity means it must not survive the second one's failure.
    await writeFile(path.join(dir, '20990101000000_bad', 'migration.sql'), 'CREATE TABLE "Partial" (id int);\nSELECT * FROM "NoSuchTable";\n');
    db = await startEmbedded();
  });
  afterAll(async () => {
    await db?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is named in the error, rolled back as a whole, and blocks later starts until resolved', async () => {
    const first = await applyMigrations(db.url, dir, silentLogger).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(MigrationError);
    expect((first as MigrationError).migration).toBe('20990101000000_bad');
    expect((first as Error).message).toMatch(/20990101000000_bad.*\n.*NoSuchTable/);
    expect((first as Error).message).not.toMatch(/^\s+\d+: /m); // no Rust backtrace
    expect((await db.pglite.query(`SELECT to_regclass('"Partial"') AS t`)).rows).toEqual([{ t: null }]);

    const again = await applyMigrations(db.url, dir, silentLogger).catch((e: unknown) => e);
    expect((again as MigrationError).migration).toBe('20990101000000_bad');
    expect((again as Error).message).toMatch(/failed migrations/);

    await writeFile(path.join(dir, '20990101000000_bad', 'migration.sql'), 'CREATE TABLE "Partial" (id int);\n');
    await markMigrationRolledBack(db.url, '20990101000000_bad', silentLogger);
    expect(await applyMigrations(db.url, dir, silentLogger)).toEqual(['20990101000000_bad']);
  });

  it('keeps `$$` bodies and semicolons in strings intact (one script, not split on ;)', async () => {
    await mkdir(path.join(dir, '20990102000000_fn'));
    await writeFile(
      path.join(dir, '20990102000000_fn', 'migration.sql'),
      "CREATE FUNCTION hc_semi() RETURNS text LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM 1;\n  RETURN 'a;b';\nEND;\n$$;\n",
    );
    expect(await applyMigrations(db.url, dir, silentLogger)).toEqual(['20990102000000_fn']);
    expect((await db.pglite.query('SELECT hc_semi() AS v')).rows).toEqual([{ v: 'a;b' }]);
  });
});

describe('createMigration', () => {
  it('writes the next migration folder from a schema change, then reports nothing to do', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-create-'));
    try {
      await cp(projectPaths.migrations, path.join(dir, 'migrations'), { recursive: true });
      const schemaPath = path.join(dir, 'schema.prisma');
      const schema = await readFile(projectPaths.schema, 'utf8');
      await writeFile(schemaPath, `${schema}\nmodel Scratch {\n  id Int @id\n  note String?\n}\n`);
      const options = { migrationsDir: path.join(dir, 'migrations'), schemaPath, serverUrl, name: 'Add scratch!' };
      const created = await createMigration({ ...options, now: new Date('2099-03-04T05:06:07Z') });
      expect(created?.name).toBe('20990304050607_add_scratch');
      expect(created?.sql).toContain('CREATE TABLE "Scratch"');
      expect(await readFile(path.join(dir, 'migrations', '20990304050607_add_scratch', 'migration.sql'), 'utf8')).toBe(created?.sql);
      expect(await createMigration(options)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
