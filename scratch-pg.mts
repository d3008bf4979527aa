import { createTestDatabase, findPostgresServer } from './test/db/helpers.js';
import { EventDeduplicator } from './src/bot/core/dedupe.js';
import { UserDirectory } from './src/directory/users.js';
import { QuestionLog } from './src/knowledge/questions.js';
import { commandCpuSeconds } from './bench/lib/proc-cpu.js';
import { createApp } from './src/app.js';
import { testAppDeps } from './test/support/app-deps.js';
const server = await findPostgresServer();
const db = await createTestDatabase({ target: { serverUrl: server! }, poolSize: 10 });
const app = createApp(testAppDeps(db.prisma, { config: { localChannel: { enabled: false } } }));
const tenant = await app.tenants.ensure('slack', 'TBENCH0001');
const dedupe = new EventDeduplicator(db.prisma);
const users = new UserDirectory(db.prisma);
const questions = new QuestionLog(db.prisma);
const flow = app.services.escalations!;
const people = await Promise.all(Array.from({ length: 50 }, (_, i) => users.ensure(tenant.id, 'slack', `U${i}`, { displayName: `u${i}` })));
let k = 0;
async function measure(name: string, batch: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await batch();
  const pg0 = await commandCpuSeconds('postgres'); const c0 = process.cpuUsage(); const t0 = performance.now();
  const N = 300;
  for (let i = 0; i < N; i++) await batch();
  const pg = (await commandCpuSeconds('postgres')) - pg0; const c = process.cpuUsage(c0);
  console.log(name.padEnd(12), 'pg ms/stmt', ((pg * 1000) / N).toFixed(3), 'client ms/stmt', ((c.user + c.system) / 1000 / N).toFixed(3), 'wall ms/stmt', ((performance.now() - t0) / N).toFixed(3));
}
const B = 20;
for (let r = 0; r < 2; r++) {
  await measure('dedupe', () => Promise.all(Array.from({ length: B }, () => dedupe.firstDelivery(`slack:T:${k++}`))));
  await measure('user', () => Promise.all(Array.from({ length: B }, (_, i) => users.ensure(tenant.id, 'slack', `U${(k++) % 50}`, { displayName: `u${k % 50}` }))));
  await measure('state', () => Promise.all(Array.from({ length: B }, (_, i) => flow.conversationState(tenant.id, people[i]!.id, `slack:TBENCH0001:C1:${k++}.0001`))));
  await measure('question', () => Promise.all(Array.from({ length: B }, (_, i) => questions.record({ tenantId: tenant.id, userId: people[i]!.id, threadId: `slack:TBENCH0001:C1:${k}.0001`, messageId: `C1:${k++}`, lang: 'en', text: 'How do I submit an expense claim?', answered: true, topArticleId: undefined, confidence: 0.8, shownArticleIds: [] }))));
  await measure('select1', () => db.prisma.$queryRaw`SELECT 1`);
}
await db.drop(); process.exit(0);
