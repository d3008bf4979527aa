/**
 * Embedded PostgreSQL under concurrent work: transactions interleaved with
 * plain reads must each get their own rows. PGlite is one session behind its
 * socket server, so this holds only because the embedded database is given a
 * single connection (src/db/client.ts); with eight, this mix returned another
 * query's rows in about 2 of 120 calls.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ target: 'embedded' });
});
afterAll(async () => db?.drop());

it('returns every caller its own rows while transactions run beside plain reads', async () => {
  const p = db.prisma;
  const tenant = await p.tenant.create({ data: { platform: 'local', externalId: 'concurrency' } });
  const group = await p.engineerGroup.create({ data: { tenantId: tenant.id, name: 'ERP' } });
  const user = await p.user.create({ data: { tenantId: tenant.id, platform: 'local', platformUserId: 'eng' } });
  await p.engineerGroupMember.create({ data: { groupId: group.id, userId: user.id } });

  const problems: string[] = [];
  for (let round = 0; round < 30; round++) {
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        if (i % 3 === 0) {
          await p.$transaction(async (tx) => {
            const rows = await tx.tenant.findMany({ where: { id: tenant.id } });
            if (rows.length !== 1 || rows[0]!.externalId !== 'concurrency') problems.push(`tenant read got ${JSON.stringify(rows)}`);
            await tx.adoptionEvent.create({ data: { tenantId: tenant.id, kind: 'escalation_created' } });
          });
        } else if (i % 3 === 1) {
          const rows = await p.engineerGroup.findMany({ where: { tenantId: tenant.id } });
          if (rows.length !== 1 || rows[0]!.name !== 'ERP') problems.push(`group read got ${JSON.stringify(rows)}`);
        } else {
          const rows = await p.engineerGroupMember.findMany({ where: { groupId: group.id } });
          if (rows.length !== 1 || rows[0]!.userId !== user.id) problems.push(`member read got ${JSON.stringify(rows)}`);
        }
      }),
    );
  }
  expect(problems).toEqual([]);
  expect(await p.adoptionEvent.count({ where: { tenantId: tenant.id } })).toBe(60);
});
