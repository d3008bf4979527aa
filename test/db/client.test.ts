import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { DatabaseUnreachableError, redactUrl, withDatabase } from '../../src/db/errors.js';
import { pingDatabase } from '../../src/db/readiness.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { createTestDatabase, findPostgresServer, type TestDatabase } from './helpers.js';

const serverUrl = await findPostgresServer();

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('trace', stream), text: () => lines.join('') };
}

/** Basic CRUD across the model features the app relies on: relations, enums, arrays, Json, BigInt, cascades. */
async function exerciseCrud(prisma: Db): Promise<void> {
  const tenant = await prisma.tenant.create({ data: { platform: 'slack', externalId: `T${Date.now()}`, settings: { sla: { hours: 4 } } } });
  expect(tenant.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(tenant.settings).toEqual({ sla: { hours: 4 } });
  const user = await prisma.user.create({
    data: { tenantId: tenant.id, platform: 'slack', platformUserId: 'U1', displayName: '王小明', role: 'champion' },
  });
  await prisma.article.create({
    data: {
      tenantId: tenant.id,
      slug: 'leave/submit',
      tags: ['hr', '请假'],
      audience: [],
      versions: { create: [{ tenantId: tenant.id, lang: 'zh-CN', title: '提交请假', body: '…', contentHash: 'h' }] },
    },
  });
  const event = await prisma.adoptionEvent.create({ data: { tenantId: tenant.id, userId: user.id, kind: 'question' } });
  expect(typeof event.id).toBe('bigint');

  const updated = await prisma.user.update({ where: { id: user.id }, data: { locale: 'zh-CN', lastSeenAt: new Date() } });
  expect(updated.locale).toBe('zh-CN');
  const found = await prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id }, include: { users: true, articles: { include: { versions: true } } } });
  expect(found.users.map((u) => u.displayName)).toEqual(['王小明']);
  expect(found.articles[0]?.tags).toEqual(['hr', '请假']);
  expect(found.articles[0]?.versions[0]?.title).toBe('提交请假');

  await prisma.$transaction(async (tx) => {
    await tx.processedEvent.create({ data: { key: `evt-${tenant.id}` } });
  });
  await expect(prisma.processedEvent.create({ data: { key: `evt-${tenant.id}` } })).rejects.toMatchObject({ code: 'P2002' });

  await prisma.tenant.delete({ where: { id: tenant.id } });
  expect(await prisma.user.count({ where: { tenantId: tenant.id } })).toBe(0); // cascaded
  expect(await prisma.articleVersion.count({ where: { tenantId: tenant.id } })).toBe(0);
}

describe.each([
  { name: 'embedded PGlite', target: 'embedded' as const },
  ...(serverUrl ? [{ name: 'PostgreSQL', target: { serverUrl } }] : []),
])('Prisma on $name (createTestDatabase)', ({ target }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    const started = performance.now();
    db = await createTestDatabase({ target });
    console.info(`createTestDatabase(${db.kind}): ${Math.round(performance.now() - started)} ms`);
  });
  afterAll(async () => db?.drop());

  it('creates, reads, updates and deletes', async () => {
    await exerciseCrud(db.prisma);
  });

  it('has the migrations recorded', async () => {
    const rows = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
  });

  it('answers the readiness ping', async () => {
    const ping = await pingDatabase(db.prisma);
    expect(ping.ok).toBe(true);
    expect(ping.latencyMs).toBeLessThan(1_000);
  });
});

describe.skipIf(!serverUrl)('openDatabase with DATABASE_URL', () => {
  const name = `hc_test_open_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  beforeAll(() => admin(`CREATE DATABASE "${name}"`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it('migrates on start, serves Prisma, and never logs the password', async () => {
    // Trust auth ignores the password, which lets us check it never reaches a log line.
    const url = new URL(withDatabase(serverUrl!, name));
    url.username = 'postgres';
    url.password = 'sup3r-s3cret-pw';
    const { logger, text } = capturingLogger();
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '/nonexistent', databasePoolSize: 3 }, logger);
    try {
      expect(db.embedded).toBe(false);
      expect(db.appliedMigrations.length).toBeGreaterThan(0);
      await exerciseCrud(db.prisma);
    } finally {
      await db.close();
    }
    const again = await openDatabase({ databaseUrl: url.toString(), dataDir: '/nonexistent', databasePoolSize: 3 }, logger);
    expect(again.appliedMigrations).toEqual([]);
    await again.close();
    expect(text()).toContain('database ready');
    expect(text()).not.toContain('sup3r-s3cret-pw');
  });
});

describe('errors', () => {
  it('an unreachable DATABASE_URL names host:port/database, not the password', async () => {
    const { logger, text } = capturingLogger();
    const databaseUrl = 'postgresql://hypercare:Pa55-w0rd-xyz@127.0.0.1:1/hypercare';
    const err = await openDatabase({ databaseUrl, dataDir: '/nonexistent', databasePoolSize: 2 }, logger).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnreachableError);
    expect((err as Error).message).toMatch(/^Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/hypercare: ECONNREFUSED/);
    expect((err as Error).message).not.toContain('Pa55-w0rd-xyz');
    expect(JSON.stringify(err)).not.toContain('Pa55-w0rd-xyz');
    expect(text()).not.toContain('Pa55-w0rd-xyz');
  });

  it('redactUrl hides the password', () => {
    expect(redactUrl('postgresql://u:secret@db:5432/x')).toBe('postgresql://u:***@db:5432/x');
  });

  it('pingDatabase reports a hung database as not ready within its timeout', async () => {
    const hung = { $queryRaw: () => new Promise(() => {}) } as unknown as Pick<Db, '$queryRaw'>;
    const ping = await pingDatabase(hung, 50);
    expect(ping).toMatchObject({ ok: false, error: 'no answer within 50 ms' });
  });

  it('openDatabase without DATABASE_URL starts embedded PGlite under dataDir', async () => {
    const os = await import('node:os');
    const fs = await import('node:fs/promises');
    const dataDir = await fs.mkdtemp(`${os.tmpdir()}/hc-open-`);
    try {
      const db = await openDatabase({ dataDir, databasePoolSize: 2 }, silentLogger);
      expect(db.embedded).toBe(true);
      expect((await pingDatabase(db.prisma)).ok).toBe(true);
      await db.close();
      await db.close(); // idempotent
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
