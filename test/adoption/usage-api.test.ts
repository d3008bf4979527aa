/**
 * POST /api/usage over real HTTP (the app's HttpServer on port 0) and a real
 * database: key authentication, tenant scoping, all-or-nothing batches and
 * the size limits.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { createApiKey, revokeApiKey } from '../../src/adoption/api-keys.js';
import { registerUsageApi } from '../../src/adoption/usage-api.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';

let db: TestDatabase;
let server: HttpServer;
let baseUrl: string;
let clock = new Date('2025-03-10T00:00:00Z');
let tenantA: string;
let tenantB: string;
let userA: string;
let userB: string;

const event = (user: string, action = 'login') => ({ user, action, module: 'finance', at: '2025-03-01T09:30:00Z' });

async function post(body: unknown, key?: string) {
  const res = await fetch(`${baseUrl}/api/usage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

beforeAll(async () => {
  db = await createTestDatabase();
  tenantA = (await db.prisma.tenant.create({ data: { platform: 'slack', externalId: 'T-A' } })).id;
  tenantB = (await db.prisma.tenant.create({ data: { platform: 'teams', externalId: 'T-B' } })).id;
  // The same email in both tenants: the key decides which one is meant.
  userA = (await db.prisma.user.create({ data: { tenantId: tenantA, platform: 'slack', platformUserId: 'U1', email: 'ann@example.com' } })).id;
  userB = (await db.prisma.user.create({ data: { tenantId: tenantB, platform: 'teams', platformUserId: '29:1', email: 'ann@example.com' } })).id;
  server = new HttpServer(silentLogger);
  registerUsageApi(server, { db: db.prisma, now: () => clock });
  const address = await server.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('API keys', () => {
  it('returns the plaintext once and stores only its sha256', async () => {
    const created = await createApiKey(db.prisma, tenantA, 'ERP export');
    expect(created.key).toMatch(/^hc_[A-Za-z0-9_-]{43}$/);
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.key.slice(3));
  });
});

describe('POST /api/usage', () => {
  it('refuses requests without a key, with an unknown key, and with a revoked key', async () => {
    const none = await post({ events: [event('ann@example.com')] });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post({ events: [event('ann@example.com')] }, 'hc_not-a-real-key')).status).toBe(401);

    const revoked = await createApiKey(db.prisma, tenantA, 'old');
    expect(await revokeApiKey(db.prisma, tenantA, revoked.id)).toBe(true);
    const refused = await post({ events: [event('ann@example.com')] }, revoked.key);
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'unauthorized', message: 'unknown or revoked API key' } } });
    expect(await db.prisma.usageEvent.count()).toBe(0);
  });

  it("writes events for the key's tenant only, and records lastUsedAt at most once a minute", async () => {
    const keyA = await createApiKey(db.prisma, tenantA, 'A');
    const keyB = await createApiKey(db.prisma, tenantB, 'B');
    expect(await post({ events: [event('ann@example.com'), event('ANN@example.com', 'post')] }, keyA.key)).toMatchObject({ status: 200, body: { accepted: 2 } });
    expect(await post({ events: [event('ann@example.com')] }, keyB.key)).toMatchObject({ status: 200, body: { accepted: 1 } });
    expect(await db.prisma.usageEvent.count({ where: { tenantId: tenantA, userId: userA } })).toBe(2);
    expect(await db.prisma.usageEvent.count({ where: { tenantId: tenantB, userId: userB } })).toBe(1);

    const firstUse = clock;
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: keyA.id } })).lastUsedAt).toEqual(firstUse);
    clock = new Date(firstUse.getTime() + 30_000);
    await post({ events: [] }, keyA.key);
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: keyA.id } })).lastUsedAt).toEqual(firstUse);
    clock = new Date(firstUse.getTime() + 61_000);
    await post({ events: [] }, keyA.key);
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: keyA.id } })).lastUsedAt).toEqual(clock);
  });

  it('answers 400 with every problem and writes nothing of the batch', async () => {
    const { key } = await createApiKey(db.prisma, tenantA, 'bad batch');
    const before = await db.prisma.usageEvent.count();
    const res = await post({ events: [event('ann@example.com'), event('ghost@example.com'), { ...event('ann@example.com'), at: 'soon' }] }, key);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.problems.map((p: { index: number }) => p.index)).toEqual([2, 1]);
    expect(await db.prisma.usageEvent.count()).toBe(before);

    expect((await post({ rows: [] }, key)).body.error.message).toBe('events must be an array');
    expect((await post('{"events": [', key)).status).toBe(400);
  });

  it('refuses more than 10,000 events per request', async () => {
    const { key } = await createApiKey(db.prisma, tenantA, 'big');
    const res = await post({ events: Array.from({ length: 10_001 }, () => event('ann@example.com')) }, key);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('at most 10000 events per request');
  });

  it('accepts a body up to 5 MB and refuses a larger one with 413', async () => {
    const { key } = await createApiKey(db.prisma, tenantA, 'size');
    const padded = { ...event('ann@example.com'), note: 'x'.repeat(2 * 1024 * 1024) }; // 2 MB: over the chat routes' 1 MB
    expect((await post({ events: [padded] }, key)).status).toBe(200);
    const tooBig = await post({ events: [{ ...padded, note: 'x'.repeat(5 * 1024 * 1024) }] }, key);
    expect(tooBig.status).toBe(413);
  });

  it('answers 405 for other methods', async () => {
    const res = await fetch(`${baseUrl}/api/usage`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
