/**
 * `npm run bench:survey-fanout`: one survey run to 10,000 people (half on
 * Slack, half on Teams) through the real fan-out and outbound path, worked by
 * two worker processes, against local stand-ins of the Slack Web API and the
 * Bot Connector that each allow RATE requests/s per workspace/tenant and
 * answer 429 + Retry-After beyond it. Reported per scenario: achieved rate /
 * allowed rate, 429s received, duplicates and lost recipients; then the same
 * with one worker killed (SIGKILL) half way. The stand-ins run in a process
 * of their own, so this one's polling and garbage collection cannot stall
 * the loop that timestamps arrivals (a stall there reads as a burst).
 *
 * Environment: RECIPIENTS (default 10000), RATE per platform (default 50;
 * raise it to shorten the run), DATABASE_URL or PostgreSQL on 127.0.0.1:5432,
 * REDIS_URL or Redis on 127.0.0.1:6379.
 */
import type { ChildProcess } from 'node:child_process';
import { startChild } from '../test/support/child.js';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, findPostgresServer, type TestDatabase } from '../test/db/helpers.js';
import { deleteKeysUnder } from '../test/support/redis-keys.js';
import { parseRedisUrl } from '../src/jobs/redis.js';
import { JobSystem } from '../src/jobs/system.js';
import { silentLogger } from '../src/log.js';
import { SurveyService } from '../src/surveys/service.js';
import { RemoteStandIns, type PlatformTally } from './survey-lib/stand-ins.js';
import { busyShare, machineCpu, processCpuSeconds } from './lib/proc-cpu.js';

const RECIPIENTS = Number(process.env.RECIPIENTS ?? 10_000);
const RATE = Number(process.env.RATE ?? 50);
const SLACK_TEAM = 'TBENCH0001';
const TEAMS_TENANT = 'bench-tenant-0000-0000-000000000001';
const WORKER = path.join(import.meta.dirname, 'survey-lib/worker.ts');
const redisOptions = parseRedisUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').connectionOptions as { host: string; port: number };

interface Outcome {
  scenario: string;
  seconds: number;
  platforms: Record<'slack' | 'teams', { accepted: number; achievedPerSec: number; ratio: number; rejected429: number; duplicates: number; lost: number }>;
  interruptedGivenUp: number;
  /** CPU seconds each worker process used (the killed one: until the kill). */
  workerCpuSeconds: number[];
  /** Share of the machine's cores busy during the run (all processes: workers, PostgreSQL, Redis, stand-ins). */
  machineBusy: number;
}

async function scenario(name: string, serverUrl: string, killHalfWay: boolean): Promise<Outcome> {
  const db: TestDatabase = await createTestDatabase({ target: { serverUrl }, poolSize: 8 });
  const standIns = await RemoteStandIns.start(RATE);
  const prefix = `hc-bench-fanout-${Date.now()}`;
  const workers: ChildProcess[] = [];
  const jobs = new JobSystem({ kind: 'url', connectionOptions: redisOptions }, silentLogger, { prefix });
  try {
    const half = Math.floor(RECIPIENTS / 2);
    const { slackTenant, teamsTenant } = await seed(db, standIns.url, half, RECIPIENTS - half);
    for (let i = 0; i < 2; i++) workers.push(await startWorker(db.url, prefix, standIns.url));
    const started = Date.now();
    const machineBefore = await machineCpu();
    // From here on: their start-up (loading the app) is not the fan-out's cost.
    const workerCpuAtStart = await Promise.all(workers.map(async (w) => (await processCpuSeconds(w.pid!)) ?? 0));
    const workerCpu: number[] = [0, 0];
    const readWorkerCpu = async () => {
      for (const [i, w] of workers.entries()) {
        const used = await processCpuSeconds(w.pid!);
        if (used !== undefined) workerCpu[i] = used - workerCpuAtStart[i]!;
      }
    };
    const service = new SurveyService(db.prisma, jobs, silentLogger);
    const at = new Date(Date.now() - 60_000).toISOString().slice(0, 16);
    for (const tenantId of [slackTenant, teamsTenant]) {
      const applied = await service.apply(tenantId, surveyFile(at), 'bench.yaml');
      if (!applied.ok) throw new Error(JSON.stringify(applied.problems));
    }
    let killed = false;
    let lastProgress = Date.now();
    let lastTotal = -1;
    for (;;) {
      await sleep(500);
      const total = standIns.slack.accepted + standIns.teams.accepted;
      if (killHalfWay && !killed && total >= RECIPIENTS / 2) {
        await readWorkerCpu();
        workers[0]!.kill('SIGKILL');
        killed = true;
        process.stderr.write(`  killed worker 1 after ${total} sends\n`);
      }
      if (total !== lastTotal) {
        lastTotal = total;
        lastProgress = Date.now();
      }
      const finished = await db.prisma.outboundDelivery.count({ where: { status: { in: ['sent', 'failed'] } } });
      if (process.env.PROGRESS) {
        const invites = await db.prisma.surveyInvite.count({ where: { sentAt: { not: null } } });
        const rows = await db.prisma.outboundDelivery.count();
        process.stderr.write(`  ${((Date.now() - started) / 1000).toFixed(1)} s: invites claimed ${invites}, outbound rows ${rows}, finished ${finished}, accepted ${total}, 429s ${standIns.slack.rejected429}/${standIns.teams.rejected429}\n`);
      }
      if (finished >= RECIPIENTS && (await db.prisma.surveyInvite.count()) >= RECIPIENTS) break;
      if (Date.now() - lastProgress > 60_000) {
        process.stderr.write('  no progress for 60 s; stopping\n');
        break;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    await readWorkerCpu();
    const machineBusy = round(busyShare(machineBefore, await machineCpu()), 2);
    const interruptedGivenUp = await db.prisma.outboundDelivery.count({ where: { status: 'failed' } });
    const users = await db.prisma.user.findMany({ select: { platform: true, conversationRef: true } });
    const expected = { slack: users.filter((u) => u.platform === 'slack').map((u) => (u.conversationRef as any).slack.dmChannelId as string), teams: users.filter((u) => u.platform === 'teams').map((u) => (u.conversationRef as any).conversation.id as string) };
    const report = (t: PlatformTally, recipients: string[]) => {
      const windowSec = Math.max((t.lastAt - t.firstAt) / 1000, 0.001);
      const achieved = (t.accepted - 1) / windowSec;
      return {
        accepted: t.accepted,
        achievedPerSec: round(achieved),
        ratio: round(achieved / RATE, 3),
        rejected429: t.rejected429,
        duplicates: [...t.perRecipient.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
        lost: recipients.filter((r) => !t.perRecipient.has(r)).length,
      };
    };
    const tally = await standIns.tally();
    return { scenario: name, seconds: round(seconds), platforms: { slack: report(tally.slack, expected.slack), teams: report(tally.teams, expected.teams) }, interruptedGivenUp, workerCpuSeconds: workerCpu.map((c) => round(c)), machineBusy };
  } finally {
    await Promise.all(workers.map((w) => stopWorker(w)));
    await jobs.close();
    await standIns.close();
    await db.drop();
    await deleteKeysUnder(redisOptions, prefix);
  }
}

async function seed(db: TestDatabase, standInUrl: string, slackPeople: number, teamsPeople: number) {
  const prisma = db.prisma;
  const slack = await prisma.tenant.create({ data: { platform: 'slack', externalId: SLACK_TEAM } });
  const teams = await prisma.tenant.create({ data: { platform: 'teams', externalId: TEAMS_TENANT } });
  const pad = (i: number) => String(i).padStart(6, '0');
  for (let i = 0; i < slackPeople; i += 1000) {
    await prisma.user.createMany({
      data: Array.from({ length: Math.min(1000, slackPeople - i) }, (_, k) => ({
        tenantId: slack.id, platform: 'slack' as const, platformUserId: `UB${pad(i + k)}`, conversationRef: { slack: { dmChannelId: `DB${pad(i + k)}` } },
      })),
    });
  }
  for (let i = 0; i < teamsPeople; i += 1000) {
    await prisma.user.createMany({
      data: Array.from({ length: Math.min(1000, teamsPeople - i) }, (_, k) => ({
        tenantId: teams.id,
        platform: 'teams' as const,
        platformUserId: `aad-${pad(i + k)}`,
        conversationRef: {
          channelId: 'msteams',
          serviceUrl: `${standInUrl}/`,
          bot: { id: '28:bench-bot' },
          user: { id: `29:user-${pad(i + k)}` },
          conversation: { id: `a:conv-${pad(i + k)}`, conversationType: 'personal', tenantId: TEAMS_TENANT },
        },
      })),
    });
  }
  return { slackTenant: slack.id, teamsTenant: teams.id };
}

function surveyFile(at: string): string {
  return `key: bench
title: { en: "How is it going?", zh-CN: "进展如何？" }
questions:
  - { id: ease, type: rating, title: { en: "Easy?", zh-CN: "容易吗？" } }
  - { id: nps, type: nps, title: { en: "Recommend?", zh-CN: "推荐吗？" } }
schedule: { type: once, at: "${at}", tz: UTC }
`;
}

async function startWorker(databaseUrl: string, prefix: string, standInUrl: string): Promise<ChildProcess> {
  const { child } = await startChild(WORKER, {
    // WORKER_PROFILE_DIR=<dir>: each worker writes a CPU profile there when it is stopped (not when killed).
    execArgv: process.env.WORKER_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.WORKER_PROFILE_DIR}`] : [],
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_PORT: String(redisOptions.port), JOB_PREFIX: prefix, STAND_IN_URL: standInUrl, RATE: String(RATE) },
  });
  return child;
}

/** SIGTERM (the worker exits, writing its profile if asked), SIGKILL if it has not gone within 5 s. */
async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(5_000).then(() => 'late')])) === 'late') worker.kill('SIGKILL');
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

async function main(): Promise<void> {
  const serverUrl = await findPostgresServer();
  if (!serverUrl) throw new Error('bench:survey-fanout needs PostgreSQL (DATABASE_URL, or a server on 127.0.0.1:5432)');
  console.log(`survey fan-out: ${RECIPIENTS} recipients (half Slack, half Teams), allowed ${RATE} req/s per workspace/tenant on each stand-in, 2 worker processes`);
  const outcomes = [await scenario('2 workers', serverUrl, false)];
  if (!process.env.NO_KILL) outcomes.push(await scenario('2 workers, one killed half way', serverUrl, true));
  for (const o of outcomes) {
    console.log(`\n${o.scenario}: ${o.seconds} s in all; deliveries given up as interrupted mid-send: ${o.interruptedGivenUp}`);
    console.log(`  CPU: workers ${o.workerCpuSeconds.map((c) => `${c} s`).join(' + ')}; the machine's cores were ${Math.round(o.machineBusy * 100)}% busy`);
    for (const [platform, p] of Object.entries(o.platforms)) {
      console.log(`  ${platform.padEnd(5)} sent ${p.accepted}, achieved ${p.achievedPerSec}/s of ${RATE}/s allowed = ${p.ratio} (target >= 0.95), 429s ${p.rejected429}, duplicates ${p.duplicates}, lost ${p.lost}`);
    }
  }
  console.log(`\n${JSON.stringify(outcomes)}`);
}

await main();
process.exit(0);
