/**
 * npm run bench:digest
 *
 * 50,000 rostered people (100 departments of 500, 5,000 managers of 9 people
 * each, 4 waves) and 5,000,000 usage events over 12 weeks with adoption
 * growing from 10 % to 92 %, plus 120,000 questions and 6,000 escalations,
 * all seeded with generate_series in SQL. Then:
 *
 *  1. every manager's digest (and the sponsor's) for the last week, built
 *     the way the Monday job builds them, messages included (target <= 5 s);
 *  2. usage ingestion through POST /api/usage over real HTTP, batches of
 *     10,000 events by email, 2 clients at once (target >= 20,000 events/s).
 *
 * Database: DATABASE_URL / TEST_DATABASE_URL, else PostgreSQL at
 * 127.0.0.1:5432 if it answers, else embedded PGlite (slower; say which).
 */
import { createApiKey } from '../src/adoption/api-keys.js';
import { buildDigests, digestRecipients } from '../src/adoption/digest-data.js';
import { digestMessage } from '../src/adoption/digest-message.js';
import { renderAdoptionChart } from '../src/adoption/digest-chart.js';
import { registerUsageApi } from '../src/adoption/usage-api.js';
import { lastFullWeekStart } from '../src/adoption/weeks.js';
import { HttpServer } from '../src/http/server.js';
import { silentLogger } from '../src/log.js';
import { createTestDatabase, findPostgresServer } from '../test/db/helpers.js';
import { NOW, PEOPLE, TZ, seedDigestTenant } from './digest-lib/seed.js';
import { cpuSince, databaseCpuMs, sampleCpu } from './digest-lib/cpu.js';

const INGEST_EVENTS = 400_000;
const INGEST_BATCH = 10_000;
const INGEST_CLIENTS = 2;

const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function main() {
  const server = await findPostgresServer();
  const db = await createTestDatabase({ target: server ? { serverUrl: server } : 'embedded', poolSize: 10 });
  const prisma = db.prisma;
  console.log(`database: ${server ? 'PostgreSQL server' : 'embedded PGlite'}`);
  const local = server !== undefined && /@(127\.0\.0\.1|localhost)[:/]/.test(server);
  try {
    const t = await seedDigestTenant(prisma);

    const weekStart = lastFullWeekStart(NOW, TZ);
    for (const run of [1, 2]) {
      const started = performance.now();
      const cpu = await sampleCpu(prisma, local);
      const recipients = await digestRecipients(prisma, t);
      const digests = await buildDigests(prisma, t, weekStart, { recipients });
      const messages = digests.map((d) => digestMessage(d, `http://hypercare.bench/digest-chart/${t}/${d.recipient.id}/${weekStart}.png`));
      const elapsed = performance.now() - started;
      const sample = digests[0]!;
      console.log(
        `digests (run ${run}): ${messages.length.toLocaleString('en')} managers' digests for week ${weekStart} in ${seconds(elapsed)} s (target <= 5 s); ` +
          `e.g. ${sample.total.current.systemActive}/${sample.total.current.rostered} active, ${sample.gaps.length} gaps`,
      );
      console.log(`  ${cpuSince(cpu, await sampleCpu(prisma, local))}`);
    }
    const chartStarted = performance.now();
    const someDigests = await buildDigests(prisma, t, weekStart, { recipients: (await digestRecipients(prisma, t)).slice(0, 1) });
    for (let i = 0; i < 50; i++) renderAdoptionChart(someDigests[0]!.chart);
    console.log(`chart PNG (served on request): ${((performance.now() - chartStarted) / 50).toFixed(1)} ms each, incl. one digest build`);

    await benchIngestion(prisma, t, local);
  } finally {
    await db.drop();
  }
}

async function benchIngestion(prisma: import('../src/db/client.js').Db, tenantId: string, local: boolean) {
  const http = new HttpServer(silentLogger);
  registerUsageApi(http, { db: prisma, now: () => NOW });
  const { port } = await http.listen(0, '127.0.0.1');
  const { key } = await createApiKey(prisma, tenantId, 'bench');
  const batches: string[] = [];
  for (let b = 0; b < INGEST_EVENTS / INGEST_BATCH; b++) {
    const events = Array.from({ length: INGEST_BATCH }, (_, i) => {
      const n = b * INGEST_BATCH + i;
      return { user: `u${1 + ((n * 7919) % PEOPLE)}@bench.example`, action: 'login', module: 'finance', at: new Date(NOW.getTime() - 3_600_000 - n).toISOString() };
    });
    batches.push(JSON.stringify({ events }));
  }
  const post = async (body: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/usage`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
    if (res.status !== 200) throw new Error(`POST /api/usage answered ${res.status}: ${await res.text()}`);
  };
  await post(batches[0]!); // warm-up, not counted
  const started = performance.now();
  const cpu = await sampleCpu(prisma, local);
  let next = 1;
  await Promise.all(
    Array.from({ length: INGEST_CLIENTS }, async () => {
      while (next < batches.length) await post(batches[next++]!);
    }),
  );
  const counted = (batches.length - 1) * INGEST_BATCH;
  const elapsed = performance.now() - started;
  console.log(
    `ingestion: ${counted.toLocaleString('en')} events through POST /api/usage in ${seconds(elapsed)} s = ${Math.round(counted / (elapsed / 1000)).toLocaleString('en')} events/s (target >= 20,000), batches of ${INGEST_BATCH.toLocaleString('en')}, ${INGEST_CLIENTS} clients`,
  );
  const after = await sampleCpu(prisma, local);
  console.log(`  ${cpuSince(cpu, after)}`);
  const databaseMs = databaseCpuMs(cpu, after);
  if (databaseMs !== null) {
    const cpuSeconds = (after.nodeMs - cpu.nodeMs + databaseMs) / 1000;
    console.log(`  = ${Math.round(counted / cpuSeconds).toLocaleString('en')} events per CPU-second (node + PostgreSQL), what an idle machine's core would sustain`);
  }
  await http.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
