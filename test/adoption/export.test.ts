/** CSV export of every metric table, from the seeded tenant (metrics-seed.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_TABLES, exportTable, toCsv } from '../../src/adoption/metrics-export.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';
import { seedMetricsTenant, WEEK_B, type SeededTenant } from './metrics-seed.js';

let db: TestDatabase;
let seed: SeededTenant;

beforeAll(async () => {
  db = await createTestDatabase();
  seed = await seedMetricsTenant(db.prisma);
});
afterAll(async () => {
  await db?.drop();
});

const csvRows = (csv: string) => csv.trimEnd().split('\r\n');

describe('metrics export', () => {
  it('writes one row per department with this week, last week and the change', async () => {
    const table = await exportTable(db.prisma, seed.tenantId, 'departments', WEEK_B);
    const row = (name: string) => Object.fromEntries(table.columns.map((c, i) => [c, table.rows.find((r) => r[2] === name)![i]]));
    expect(table.rows.map((r) => r[2])).toEqual(['Finance', 'Sales']);
    expect(row('Finance')).toMatchObject({ week: WEEK_B, rostered: 7, systemActive: 4, systemActive_last_week: 2, systemActive_change: 2, coverage: 0.5714, nps: 16.7 });
    expect(row('Sales')).toMatchObject({ systemActive: 1, systemActive_change: 1, nps: null, nps_change: null });
    const csv = csvRows(toCsv(table));
    expect(csv[0]!.startsWith('week,scope,name,rostered,systemActive,coverage')).toBe(true);
    expect(csv).toHaveLength(3);
  });

  it('exports the tenant and wave tables too', async () => {
    expect((await exportTable(db.prisma, seed.tenantId, 'tenant', WEEK_B)).rows).toHaveLength(1);
    expect((await exportTable(db.prisma, seed.tenantId, 'waves', WEEK_B)).rows.map((r) => r[2])).toEqual(['W1', 'W2']);
  });

  it('lists knowledge gaps and people not yet active, withholding names in departments under 5', async () => {
    const gaps = await exportTable(db.prisma, seed.tenantId, 'knowledge-gaps', WEEK_B);
    expect(gaps.rows[0]).toEqual([WEEK_B, 'Finance', 'How do I post an invoice?', 2]);
    const people = toCsv(await exportTable(db.prisma, seed.tenantId, 'not-yet-active', WEEK_B));
    expect(csvRows(people)).toEqual([
      'week,department,name,email,manager',
      `${WEEK_B},Finance,Finance f6,f6@example.com,Noah 经理`,
      `${WEEK_B},Finance,Finance f7,f7@example.com,Mia Manager`,
      `${WEEK_B},Sales,(2 people; names withheld below 5 in a department),,`,
    ]);
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(toCsv({ columns: ['a', 'b'], rows: [['=HYPERLINK("x")', 'one, "two"']] })).toBe('a,b\r\n"\'=HYPERLINK(""x"")","one, ""two"""\r\n');
  });

  it('names the tables when asked for an unknown one', async () => {
    await expect(exportTable(db.prisma, seed.tenantId, 'people', WEEK_B)).rejects.toThrow(`unknown table "people"; tables: ${EXPORT_TABLES.join(', ')}`);
  });
});
