/**
 * A survey worker process for the crash test: it runs the surveys queue only
 * (fan-out and invite jobs), writing invites and outbound rows; the test's own
 * process sends them. Started with: node --import tsx survey-worker.ts
 * Environment: DATABASE_URL, REDIS_PORT, JOB_PREFIX, APP_SECRET.
 */
import { createPrismaClient } from '../../../src/db/client.js';
import { silentLogger } from '../../../src/log.js';
import { JobSystem } from '../../../src/jobs/system.js';
import { OutboundDelivery } from '../../../src/delivery/outbound.js';
import { SurveyRuns } from '../../../src/surveys/runs.js';
import { registerSurveyJobs } from '../../../src/surveys/jobs.js';
import { LocalInbox } from '../../../src/bot/local/inbox.js';
import { UserDirectory } from '../../../src/directory/users.js';
import { localSender } from '../../../src/bot/local/sender.js';

const env = process.env;
const db = createPrismaClient(env.DATABASE_URL!, 2, silentLogger);
const jobs = new JobSystem({ kind: 'url', connectionOptions: { host: '127.0.0.1', port: Number(env.REDIS_PORT) } }, silentLogger, {
  prefix: env.JOB_PREFIX!,
  concurrency: { surveys: 4 },
  // A killed process's jobs run again after ~2 s instead of BullMQ's 30-60 s.
  stalledJobs: { lockDuration: 2_000, stalledInterval: 1_000 },
});
const outbound = new OutboundDelivery(db, jobs, { local: localSender(new LocalInbox(db), new UserDirectory(db)) }, silentLogger);
registerSurveyJobs(jobs, new SurveyRuns({ db, jobs, outbound, secret: env.APP_SECRET!, log: silentLogger }));
await jobs.start();
process.send?.('ready');
