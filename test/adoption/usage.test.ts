/**
 * Usage ingestion against real PostgreSQL: a batch is written whole or not
 * at all, every problem is named by index (API) or line (CSV), users resolve
 * by email or employee id within the tenant only.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importUsageCsv, ingestUsage } from '../../src/adoption/usage.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';

let db: TestDatabase;
let tenantId: string;
let otherTenantId: string;
let ann: string;
let bob: string;
const NOW = () => new Date('2025-03-10T00:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = (await db.prisma.tenant.create({ data: { platform: 'slack', externalId: 'T-usage' } })).id;
  otherTenantId = (await db.prisma.tenant.create({ data: { platform: 'slack', externalId: 'T-other' } })).id;
  ann = (await db.prisma.user.create({ data: { tenantId, platform: 'slack', platformUserId: 'roster:ann@example.com', email: 'ann@example.com', employeeId: 'E1' } })).id;
  bob = (await db.prisma.user.create({ data: { tenantId, platform: 'slack', platformUserId: 'U2', email: 'bob@example.com' } })).id;
  await db.prisma.user.create({ data: { tenantId: otherTenantId, platform: 'slack', platformUserId: 'U9', email: 'cy@example.com' } });
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.prisma.usageEvent.deleteMany({});
});

describe('ingestUsage', () => {
  it('writes a valid batch, resolving users by email (any case) and employee id', async () => {
    const result = await ingestUsage(
      db.prisma,
      tenantId,
      [
        { user: 'Ann@Example.com', action: 'login', at: '2025-03-01T09:30:00+08:00' },
        { user: 'E1', action: 'post_invoice', module: 'finance', at: '2025-03-01T02:00:00.123Z' },
        { user: 'bob@example.com', action: 'login', module: null, at: '2025-03-02T00:00:00Z', extra: 'ignored' },
      ],
      { now: NOW },
    );
    expect(result).toEqual({ ok: true, accepted: 3 });
    const rows = await db.prisma.usageEvent.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.tenantId, r.userId, r.action, r.module, r.occurredAt.toISOString()])).toEqual([
      [tenantId, ann, 'login', null, '2025-03-01T01:30:00.000Z'],
      [tenantId, ann, 'post_invoice', 'finance', '2025-03-01T02:00:00.123Z'],
      [tenantId, bob, 'login', null, '2025-03-02T00:00:00.000Z'],
    ]);
  });

  it('writes nothing when one user is unknown, including a user of another tenant', async () => {
    const result = await ingestUsage(
      db.prisma,
      tenantId,
      [
        { user: 'ann@example.com', action: 'login', at: '2025-03-01T09:30:00Z' },
        { user: 'cy@example.com', action: 'login', at: '2025-03-01T09:30:00Z' },
        { user: 'E404', action: 'login', at: '2025-03-01T09:30:00Z' },
      ],
      { now: NOW },
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { index: 1, message: 'unknown user "cy@example.com": no person with that email or employee id in this tenant' },
        { index: 2, message: 'unknown user "E404": no person with that email or employee id in this tenant' },
      ],
    });
    expect(await db.prisma.usageEvent.count()).toBe(0);
  });

  it('names every bad timestamp and field by index', async () => {
    const ok = { user: 'ann@example.com', action: 'login' };
    const result = await ingestUsage(
      db.prisma,
      tenantId,
      [
        { ...ok, at: '2025-03-01T09:30:00Z' },
        { ...ok, at: '2025-03-01T09:30:00' }, // no zone: ambiguous
        { ...ok, at: '2025-02-30T09:30:00Z' }, // not a real day
        { ...ok, at: '2025-03-12T00:00:00Z' }, // two days after NOW
        { ...ok, at: '1999-12-31T23:59:59Z' },
        { ...ok, at: 1740000000 },
        { user: '', action: 'login', at: '2025-03-01T09:30:00Z' },
        'not an object',
      ],
      { now: NOW },
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const isoProblem = 'at must be an ISO 8601 timestamp with a time zone, e.g. 2025-03-01T09:30:00Z';
    expect(problems.map((p) => p.message)).toEqual([
      isoProblem,
      isoProblem,
      'at 2025-03-12T00:00:00Z is in the future',
      'at 1999-12-31T23:59:59Z is before 2000',
      isoProblem,
      'user is empty',
      expect.stringContaining('expected object'),
    ]);
    expect(await db.prisma.usageEvent.count()).toBe(0);
  });

  it('writes a batch of 10,000 events in one go', async () => {
    const events = Array.from({ length: 10_000 }, (_, i) => ({ user: i % 2 ? 'E1' : 'bob@example.com', action: `a${i % 7}`, at: new Date(Date.UTC(2025, 2, 1, 0, 0, i)).toISOString() }));
    expect(await ingestUsage(db.prisma, tenantId, events, { now: NOW })).toEqual({ ok: true, accepted: 10_000 });
    expect(await db.prisma.usageEvent.count({ where: { tenantId, userId: ann } })).toBe(5_000);
    const last = await db.prisma.usageEvent.findFirstOrThrow({ orderBy: { occurredAt: 'desc' } });
    expect(last.occurredAt.toISOString()).toBe(events[9_999]!.at);
  });
});

describe('importUsageCsv', () => {
  it('imports a CSV export, module optional', async () => {
    const text = 'User,Action,Module,At\nann@example.com,login,,2025-03-01T09:30:00Z\nE1,"approve, then post",finance,2025-03-01T10:00:00+08:00\n';
    expect(await importUsageCsv(db.prisma, tenantId, text, { now: NOW })).toEqual({ ok: true, accepted: 2 });
    const rows = await db.prisma.usageEvent.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.action, r.module])).toEqual([
      ['login', null],
      ['approve, then post', 'finance'],
    ]);
  });

  it('reports problems by file line and writes nothing', async () => {
    const text = ['user,action,at', 'ann@example.com,login,2025-03-01T09:30:00Z', 'nobody@example.com,login,2025-03-01T09:30:00Z', 'E1,login,yesterday'].join('\r\n');
    const result = await importUsageCsv(db.prisma, tenantId, text, { now: NOW });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => p.line)).toEqual([4, 3]);
    expect(await db.prisma.usageEvent.count()).toBe(0);
  });

  it('refuses a file without the required columns', async () => {
    expect(await importUsageCsv(db.prisma, tenantId, 'user,at\nE1,2025-03-01T09:30:00Z\n')).toEqual({ ok: false, problems: [{ line: 1, message: 'missing column(s): action' }] });
  });
});
