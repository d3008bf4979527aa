/**
 * The hot statements are prepared once per connection on a PostgreSQL
 * server (src/db/prepared.ts), other statements are not, and the switch
 * turns it off; a prepared statement keeps giving each caller its answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventDeduplicator } from '../../src/bot/core/dedupe.js';
import { createPrismaClient, type Db } from '../../src/db/client.js';
import { preparedStatementName } from '../../src/db/prepared.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, findPostgresServer, type TestDatabase } from './helpers.js';

const serverUrl = await findPostgresServer();

describe('preparedStatementName', () => {
  it('names only marked statements, one stable name per text', () => {
    const a = preparedStatementName({ sql: '/* prepared */ SELECT 1' });
    expect(a).toMatch(/^hc_[0-9a-f]{24}$/);
    expect(preparedStatementName({ sql: '/* prepared */ SELECT 1' })).toBe(a);
    expect(preparedStatementName({ sql: '/* prepared */ SELECT 2' })).not.toBe(a);
    expect(preparedStatementName({ sql: 'SELECT 1 /* prepared */' })).toBe('');
  });
});

describe.skipIf(!serverUrl)('prepared hot statements on a server', () => {
  let db: TestDatabase;
  // One connection each, so pg_prepared_statements (per session) shows what that client prepared.
  let prepared: Db;
  let unprepared: Db;

  beforeAll(async () => {
    db = await createTestDatabase({ target: { serverUrl: serverUrl! } });
    prepared = createPrismaClient(db.url, 1, silentLogger, { preparedStatements: true });
    unprepared = createPrismaClient(db.url, 1, silentLogger);
  });
  afterAll(async () => {
    await prepared?.$disconnect();
    await unprepared?.$disconnect();
    await db?.drop();
  });

  const statements = (client: Db) => client.$queryRaw<{ name: string; statement: string }[]>`SELECT name, statement FROM pg_prepared_statements`;

  it('prepares the redelivery guard once and answers every batch right', async () => {
    const dedupe = new EventDeduplicator(prepared);
    expect(await Promise.all(['a', 'b', 'a'].map((key) => dedupe.firstDelivery(`prep:${key}`)))).toEqual([true, true, false]);
    expect(await Promise.all(['b', 'c'].map((key) => dedupe.firstDelivery(`prep:${key}`)))).toEqual([false, true]);
    const named = (await statements(prepared)).filter((s) => s.statement.includes('"ProcessedEvent"'));
    expect(named).toHaveLength(1);
    expect(named[0]!.name).toMatch(/^hc_/);
    // Model queries and unmarked raw statements stay unnamed: still the one prepared statement.
    expect(await prepared.processedEvent.count()).toBe(3);
    await prepared.$queryRaw`SELECT count(*) FROM "ProcessedEvent"`;
    expect(await statements(prepared)).toHaveLength(1);
  });

  it('prepares nothing when not asked to (the default, and always for PGlite)', async () => {
    const dedupe = new EventDeduplicator(unprepared);
    expect(await dedupe.firstDelivery('prep:off')).toBe(true);
    expect(await dedupe.firstDelivery('prep:off')).toBe(false);
    expect(await statements(unprepared)).toEqual([]);
  });
});
