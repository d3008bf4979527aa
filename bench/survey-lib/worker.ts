/**
 * One Hypercare worker process for the fan-out benchmark: the real app
 * (createApp) with the Slack and Teams adapters pointed at the stand-ins,
 * the job system and the shared send-rate limiter in Redis. It only works
 * jobs; the benchmark process plans the surveys and watches.
 * Environment: DATABASE_URL, REDIS_PORT, JOB_PREFIX, STAND_IN_URL, RATE.
 */
import { createPrismaClient } from '../../src/db/client.js';
import { silentLogger } from '../../src/log.js';
import { JobSystem } from '../../src/jobs/system.js';
import { createApp } from '../../src/app.js';
import { testAppDeps } from '../../test/support/app-deps.js';
import { slackAdapter } from '../../src/bot/slack/adapter.js';
import { teamsAdapter } from '../../src/bot/teams/adapter.js';
import { RedisRateLimiter, platformRates } from '../../src/delivery/rate-limit.js';
import { createRedisClient } from '../../src/jobs/redis-client.js';

const env = process.env;
const rate = Number(env.RATE);
const redis = { host: '127.0.0.1', port: Number(env.REDIS_PORT) };
const db = createPrismaClient(env.DATABASE_URL!, 8, silentLogger);
const jobs = new JobSystem({ kind: 'url', connectionOptions: redis }, silentLogger, {
  prefix: env.JOB_PREFIX!,
  limiter: { outbound: undefined },
  // Job concurrency: the app's defaults (src/jobs/system.ts).
  // A killed worker's jobs go to the other worker after ~5 s.
  stalledJobs: { lockDuration: 5_000, stalledInterval: 2_000 },
});
const app = createApp(
  testAppDeps(db, {
    config: { publicUrl: 'http://bench.test', localChannel: { enabled: false } },
    jobs,
    sendLimiter: new RedisRateLimiter(createRedisClient(redis), platformRates({ slack: { perSecond: rate }, teams: { perSecond: rate } }), `${env.JOB_PREFIX}:send-rate`),
    adapters: [
      slackAdapter({ signingSecret: 'bench', botToken: 'xoxb-bench', apiUrl: `${env.STAND_IN_URL}/api/` }),
      teamsAdapter({ appId: '', appType: 'MultiTenant', allowUnauthenticated: true, allowedTenants: [] }, { limits: { perConversation: { max: 7, windowMs: 1000 }, perTenant: { max: rate * 2, windowMs: 1000 } } }),
    ],
  }),
);
void app;
await jobs.start();
// Stopped by the benchmark: exit at once (a profile, if asked for, is written on exit).
process.on('SIGTERM', () => process.exit(0));
process.send?.('ready');
