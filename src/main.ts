/**
 * Start-up: configuration, logger, database (migrated), Redis and jobs, the
 * app with its HTTP server, the demo knowledge base on an empty install;
 * and the reverse on SIGTERM/SIGINT. Known start-up problems (bad config,
 * unreachable database or Redis, a locked data folder) print one clear
 * message and exit 1 without a stack trace.
 */
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { openDatabase } from './db/client.js';
import { DatabaseUnreachableError, MigrationError } from './db/errors.js';
import { EmbeddedLockedError } from './db/embedded.js';
import { resolveRedis, createJobs, createShutdown, isJobsError, type Shutdown } from './jobs/index.js';
import { pingRedis } from './jobs/redis-client.js';
import { registerMaintenanceJobs } from './jobs/maintenance.js';
import { scheduleDirectorySync } from './directory/jobs.js';
import { scheduleDigestSync } from './adoption/digest-jobs.js';
import { scheduleChampionOfMonth } from './adoption/champion-of-month.js';
import { createApp } from './app.js';
import { platformAdapters } from './bot/platforms.js';
import { loadOrCreateAppSecret } from './app-secret.js';
import { announceRunningBot } from './admin/running-bot.js';
import { loadDemoKnowledgeIfEmpty } from './knowledge/demo.js';
import { LOCAL_TENANT } from './bot/local/api.js';
import { createRedisClient, closeRedisClient } from './jobs/redis-client.js';
import { RedisRateLimiter, platformRates } from './delivery/rate-limit.js';

async function start(config: Config, log: Logger, shutdown: Shutdown): Promise<void> {
  const database = await openDatabase(config, log);
  shutdown.register('database', database.close);

  const redis = await resolveRedis(config, log);
  shutdown.register('redis', redis.stop);
  // The per-workspace/tenant limiter below paces outbound sends; the queue-wide brake would cap every tenant together.
  const jobs = createJobs(redis, log, { limiter: { outbound: undefined } });
  shutdown.register('jobs', () => jobs.close());
  const limiterRedis = redis.kind === 'unavailable' ? undefined : createRedisClient(redis.connectionOptions);
  if (limiterRedis) shutdown.register('send-rate limiter', () => closeRedisClient(limiterRedis));
  const sendLimiter = limiterRedis
    ? new RedisRateLimiter(limiterRedis, platformRates({ slack: { perSecond: config.outboundRates.slackPerSecond }, teams: { perSecond: config.outboundRates.teamsPerSecond } }))
    : undefined;

  const secret = await loadOrCreateAppSecret(config.appSecret, config.dataDir);
  const app = createApp({
    config,
    log,
    db: database.prisma,
    secret,
    jobs,
    sendLimiter,
    adapters: platformAdapters(config),
    readiness:
      redis.kind === 'unavailable'
        ? {}
        : {
            redis: async () => {
              const ping = await pingRedis(redis.connectionOptions, 1_000);
              if (!ping.ok) throw new Error(String((ping.error as Error)?.message ?? ping.error));
            },
          },
  });

  if (config.loadDemoKnowledgeWhenEmpty && config.localChannel.enabled) {
    const tenant = await app.tenants.ensure('local', LOCAL_TENANT);
    await loadDemoKnowledgeIfEmpty(database.prisma, tenant.id, log);
  }

  for (const adapter of app.adapters) {
    await adapter.start?.();
    shutdown.register(adapter.platform, () => adapter.stop?.());
  }
  await registerMaintenanceJobs(jobs, database.prisma);
  await scheduleDirectorySync(jobs);
  await scheduleDigestSync(jobs);
  await scheduleChampionOfMonth(jobs);
  await jobs.start();
  // Timers of escalations opened or changed while no process was running (or before an upgrade).
  await app.escalations.resync();
  const address = await app.server.listen(config.port, config.host);
  shutdown.register('http', () => app.server.close());
  if (database.embedded) {
    // Tools on this machine reach the embedded database through this process (see src/admin).
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    shutdown.register('bot.json', await announceRunningBot(config.dataDir, `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`));
  }
  const shown = address.address.includes(':') ? `[${address.address}]` : address.address;
  log.info(
    { url: `http://${shown}:${address.port}`, database: database.embedded ? 'embedded' : 'server', redis: redis.kind },
    config.localChannel.enabled
      ? `Hypercare is running: open http://${shown === '127.0.0.1' ? 'localhost' : shown}:${address.port}/ to chat`
      : 'Hypercare is running',
  );
}

const KNOWN_STARTUP_ERRORS = [ConfigError, DatabaseUnreachableError, MigrationError, EmbeddedLockedError];

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  const shutdown = createShutdown({ logger: log });
  shutdown.listen();
  try {
    await start(config, log, shutdown);
  } catch (err) {
    const known = KNOWN_STARTUP_ERRORS.some((type) => err instanceof type) || isJobsError(err);
    if (known) log.fatal((err as Error).message);
    else log.fatal({ err }, 'start-up failed');
    await shutdown.run('start-up failed');
    process.exit(1);
  }
}

void main();
