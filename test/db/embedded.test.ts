import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { EmbeddedLockedError, startEmbedded } from '../../src/db/embedded.js';
import { silentLogger } from '../../src/log.js';
import { migratedPgliteDump } from './helpers.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'hc-embedded-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('embedded PostgreSQL (PGlite)', () => {
  it('persists data across stop and start in its data directory', async () => {
    const dataDir = path.join(tmp, 'persist');
    const config = { dataDir, databasePoolSize: 4 };
    const first = await openDatabase(config, silentLogger);
    try {
      expect(first.embedded).toBe(true);
      expect(first.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect(first.appliedMigrations.length).toBeGreaterThan(0);
      await first.prisma.tenant.create({ data: { platform: 'local', externalId: 'persisted', name: 'Kept' } });
    } finally {
      await first.close();
    }
    expect(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

    const second = await openDatabase(config, silentLogger);
    try {
      expect(second.appliedMigrations).toEqual([]);
      const tenant = await second.prisma.tenant.findUnique({ where: { platform_externalId: { platform: 'local', externalId: 'persisted' } } });
      expect(tenant?.name).toBe('Kept');
    } finally {
      await second.close();
    }
  });

  it('refuses a second opener of the same directory, naming the directory and the holder pid', async () => {
    const directory = path.join(tmp, 'locked');
    const first = await startEmbedded({ directory });
    try {
      const err = await startEmbedded({ directory }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmbeddedLockedError);
      expect((err as EmbeddedLockedError).pid).toBe(process.pid);
      expect((err as Error).message).toContain(directory);
      expect((err as Error).message).toContain(`process ${process.pid}`);
      expect((err as Error).message).toContain('DATABASE_URL');
    } finally {
      await first.stop();
    }
    // Released on stop: it opens again.
    const again = await startEmbedded({ directory });
    await again.stop();
  });

  it('refuses while another live process holds the lock, and takes over a dead one', async () => {
    const directory = path.join(tmp, 'other');
    const parent = process.ppid; // alive for the whole test
    await writeFile(`${directory}.lock`, JSON.stringify({ pid: parent, hostname: os.hostname() }));
    const err = await startEmbedded({ directory }).catch((e: unknown) => e);
    expect((err as Error).message).toContain(`process ${parent}`);

    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await writeFile(`${directory}.lock`, JSON.stringify({ pid: Number(dead.stdout), hostname: os.hostname() }));
    const db = await startEmbedded({ directory });
    await db.stop();
  });

  it('accepts many concurrent connections (the socket server default is one)', async () => {
    const db = await startEmbedded({ maxConnections: 12, loadDataDir: await migratedPgliteDump() });
    const pool = new pg.Pool({ connectionString: db.url, max: 10 });
    try {
      const clients = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
      const rows = await Promise.all(clients.map((c, i) => c.query('SELECT $1::int AS n', [i])));
      expect(rows.map((r) => r.rows[0].n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const c of clients) c.release();
    } finally {
      await pool.end();
      await db.stop();
    }
  });

  it('uses the requested port when free and falls back to an ephemeral one when taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const db = await startEmbedded({ port: taken, loadDataDir: await migratedPgliteDump() });
      try {
        expect(new URL(db.url).port).not.toBe(String(taken));
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        await client.end();
      } finally {
        await db.stop();
      }
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
