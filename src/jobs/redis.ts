/**
 * Finds the Redis that background jobs run on, in this order:
 *   url         REDIS_URL, which must answer (a clear error otherwise);
 *   local       something answering PING on 127.0.0.1:6379;
 *   private     a redis-server child process of our own (see private-redis.ts);
 *   unavailable none of these: the bot still answers questions, proactive
 *               features are off, and one plain log line says so and how to fix it.
 * Whatever is found must have maxmemory-policy=noeviction, or start-up stops:
 * BullMQ only warns, and an evicting Redis silently loses jobs and schedules.
 */
import path from 'node:path';
import type { RedisOptions } from 'ioredis';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { JobsError, errorSummary } from './errors.js';
import { startPrivateRedis } from './private-redis.js';
import { describeAddress, isReplyError, pingRedis, withProbeClient } from './redis-client.js';

export type RedisKind = 'url' | 'local' | 'private' | 'unavailable';

export interface ResolvedRedis {
  kind: RedisKind;
  /** Where Redis is, safe to log: any password is masked. Unset when unavailable. */
  url?: string;
  /** ioredis options that reach the server (host/port/auth/TLS, or a unix socket path); empty when unavailable. */
  connectionOptions: RedisOptions;
  /** Stops what resolveRedis started (the private server); a no-op otherwise. Close the job system first. */
  stop(): Promise<void>;
}

export interface ResolveRedisOptions {
  /** Address probed when REDIS_URL is unset; tests point it at a free port. Default 127.0.0.1:6379. */
  localProbe?: { host: string; port: number };
  /** Connect and command timeout for REDIS_URL. Default 5 s. */
  connectTimeoutMs?: number;
  /** How long a private redis-server may take to answer. Default 15 s. */
  startTimeoutMs?: number;
}

export const PROACTIVE_FEATURES = 'proactive messages (surveys, survey reminders, weekly digests, escalation SLA timers)';

const LOCAL_PROBE_TIMEOUT_MS = 500;

export async function resolveRedis(
  config: Pick<Config, 'redisUrl' | 'redisServerBinary' | 'dataDir'>,
  logger: Logger,
  options: ResolveRedisOptions = {},
): Promise<ResolvedRedis> {
  const log = logger.child({ component: 'redis' });
  const noop = async (): Promise<void> => {};

  if (config.redisUrl) {
    const { connectionOptions, safeUrl } = parseRedisUrl(config.redisUrl);
    const address = describeAddress(connectionOptions);
    const ping = await pingRedis(connectionOptions, options.connectTimeoutMs ?? 5_000);
    if (!ping.ok) {
      const hint = isReplyError(ping.error)
        ? 'Check the user name and password in REDIS_URL.'
        : 'Check that Redis is running there and that REDIS_URL is right.';
      throw new JobsError('redis_unreachable', `Cannot use Redis at ${address} (REDIS_URL): ${errorSummary(ping.error)}. ${hint}`, {
        cause: ping.error,
      });
    }
    await checkEvictionPolicy(connectionOptions, address, log);
    log.info({ redis: safeUrl }, 'Background jobs use Redis from REDIS_URL');
    return { kind: 'url', url: safeUrl, connectionOptions, stop: noop };
  }

  const probe = options.localProbe ?? { host: '127.0.0.1', port: 6379 };
  const local = await pingRedis(probe, LOCAL_PROBE_TIMEOUT_MS);
  if (local.ok) {
    const address = `${probe.host}:${probe.port}`;
    await checkEvictionPolicy(probe, address, log);
    log.info({ redis: address }, 'Background jobs use the Redis running on this machine');
    return { kind: 'local', url: `redis://${address}`, connectionOptions: { ...probe }, stop: noop };
  }
  if (isReplyError(local.error)) {
    // Something answers but wants a password (or refuses us): it is not ours to use without REDIS_URL.
    log.info({ redis: `${probe.host}:${probe.port}`, reason: errorSummary(local.error) }, 'Redis on this machine refused us; set REDIS_URL to use it');
  }

  const started = await startPrivateRedis({
    binary: config.redisServerBinary,
    dir: path.join(config.dataDir, 'redis'),
    logger: log,
    startTimeoutMs: options.startTimeoutMs ?? 15_000,
  });
  if (started !== 'binary-missing') {
    const connectionOptions: RedisOptions = { path: started.socketPath };
    try {
      await checkEvictionPolicy(connectionOptions, started.socketPath, log);
    } catch (err) {
      await started.stop();
      throw err;
    }
    return { kind: 'private', url: `unix://${started.socketPath}`, connectionOptions, stop: started.stop };
  }

  log.warn(
    `Redis is not available, so ${PROACTIVE_FEATURES} are OFF; the bot still answers questions. ` +
      `No REDIS_URL is set, no usable Redis answered on ${probe.host}:${probe.port}, and "${config.redisServerBinary}" was not found. ` +
      'To turn them on, install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) and restart, or set REDIS_URL.',
  );
  return { kind: 'unavailable', connectionOptions: {}, stop: noop };
}

/** REDIS_URL → ioredis options, plus a form of the URL that is safe to log. */
export function parseRedisUrl(url: string): { connectionOptions: RedisOptions; safeUrl: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new JobsError('redis_misconfigured', 'REDIS_URL is not a valid URL (expected redis://[user:password@]host[:port][/db])');
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const connectionOptions: RedisOptions = { host, port: parsed.port ? Number(parsed.port) : 6379 };
  if (parsed.username) connectionOptions.username = decodeURIComponent(parsed.username);
  if (parsed.password) connectionOptions.password = decodeURIComponent(parsed.password);
  const db = parsed.pathname.replace(/^\//, '');
  if (db) {
    if (!/^\d+$/.test(db)) throw new JobsError('redis_misconfigured', `REDIS_URL names database "${db}"; it must be a number`);
    connectionOptions.db = Number(db);
  }
  if (parsed.protocol === 'rediss:') connectionOptions.tls = {};
  if (parsed.password) parsed.password = '***';
  return { connectionOptions, safeUrl: parsed.toString() };
}

/**
 * BullMQ needs noeviction: under memory pressure any other policy deletes
 * job, lock and scheduler keys and queues break silently. Managed Redis often
 * disables CONFIG; then we can only warn.
 */
export async function checkEvictionPolicy(connectionOptions: RedisOptions, where: string, log: Logger): Promise<void> {
  let reply: unknown;
  try {
    reply = await withProbeClient(connectionOptions, 5_000, (client) => client.call('CONFIG', 'GET', 'maxmemory-policy'));
  } catch (err) {
    if (!isReplyError(err)) throw new JobsError('redis_unreachable', `Lost Redis at ${where}: ${errorSummary(err)}`, { cause: err });
    log.warn(
      { redis: where, reason: errorSummary(err) },
      'Cannot read maxmemory-policy (CONFIG is disabled here); make sure this Redis uses maxmemory-policy noeviction, or it may drop queued jobs',
    );
    return;
  }
  const policy = Array.isArray(reply) ? reply[1] : undefined;
  if (policy === 'noeviction') return;
  throw new JobsError(
    'redis_misconfigured',
    `Redis at ${where} has maxmemory-policy=${String(policy)}; BullMQ needs noeviction, or Redis deletes queued jobs and schedules when memory runs low. ` +
      'Set it with CONFIG SET maxmemory-policy noeviction (and CONFIG REWRITE), or with "maxmemory-policy noeviction" in redis.conf.',
  );
}
