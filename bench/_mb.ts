import pg from 'pg';
import { createTestDatabase } from '../test/db/helpers.js';
const db = await createTestDatabase({ target: { serverUrl: 'postgresql://postgres@127.0.0.1:5432/postgres' }, poolSize: 4 });
const p = db.prisma;
const t = await p.tenant.create({ data: { platform: 'slack', externalId: 'T1' } });
const u = await p.user.create({ data: { tenantId: t.id, platform: 'slack', platformUserId: 'U1' } });
async function time(name: string, n: number, f: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await f(-i - 1);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  const cpu = process.cpuUsage(c0); const ms = performance.now() - t0;
  console.log(name.padEnd(40), (ms / n).toFixed(3), 'ms wall', ((cpu.user + cpu.system) / 1000 / n).toFixed(3), 'ms cpu');
}
await time('prisma findUnique user', 2000, () => p.user.findUnique({ where: { tenantId_platform_platformUserId: { tenantId: t.id, platform: 'slack', platformUserId: 'U1' } } }));
await time('prisma $executeRaw insert dedupe', 2000, (i) => p.$executeRaw`INSERT INTO "ProcessedEvent" ("key","receivedAt") VALUES (${'k' + i}, now()) ON CONFLICT DO NOTHING`);
await time('prisma question.create', 2000, (i) => p.question.create({ data: { tenantId: t.id, userId: u.id, threadId: 'x', messageId: 'm' + i, lang: 'en', text: 'How do I?', outcome: 'answered', shownArticleIds: ['a', 'b'] }, select: { id: true } }));
await time('prisma $queryRaw select 1', 2000, () => p.$queryRaw`SELECT 1`);
const pool = new pg.Pool({ connectionString: db.url, max: 4 });
await time('pg pool insert dedupe', 2000, (i) => pool.query('INSERT INTO "ProcessedEvent" ("key","receivedAt") VALUES ($1, now()) ON CONFLICT DO NOTHING', ['p' + i]));
await time('pg pool select user', 2000, () => pool.query('SELECT * FROM "User" WHERE "tenantId"=$1 AND platform=$2 AND "platformUserId"=$3', [t.id, 'slack', 'U1']));
await time('prisma batch insert 8 dedupe (per batch)', 500, (i) => p.$queryRaw`INSERT INTO "ProcessedEvent" ("key","receivedAt") SELECT k, now() FROM unnest(${[0,1,2,3,4,5,6,7].map(j => 'b' + i + '-' + j)}::text[]) AS k ON CONFLICT DO NOTHING RETURNING "key"`);
await pool.end();
await db.drop();
