/**
 * resolveRedis: REDIS_URL, the local probe, the private redis-server (when the
 * binary is installed), the unavailable path, and the eviction-policy check.
 * Probes point at free ports so no test depends on 6379 being down.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobsError } from '../../src/jobs/errors.js';
import { isProcessAlive } from '../../src/jobs/private-redis.js';
import { closeRedisClient, createRedisClient, pingRedis } from '../../src/jobs/redis-client.js';
import { parseRedisUrl, resolveRedis, type ResolvedRedis } from '../../src/jobs/redis.js';
import { SHARED_REDIS, TEST_REDIS_URL, WARN, captureLogger, freePort, redisServerInstalled, startTestRedisServer, tempDir } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const tmp = await tempDir('redis');
  cleanups.push(tmp.remove);
  return tmp.dir;
}

function track(resolved: ResolvedRedis): ResolvedRedis {
  cleanups.push(() => resolved.stop());
  return resolved;
}

async function configGet(resolved: ResolvedRedis, key: string): Promise<string | undefined> {
  const client = createRedisClient(resolved.connectionOptions);
  try {
    return ((await client.config('GET', key)) as string[])[1];
  } finally {
    await closeRedisClient(client);
  }
}

describe('resolveRedis with REDIS_URL', () => {
  it('uses a reachable REDIS_URL and checks its eviction policy', async () => {
    const { logger } = captureLogger();
    const url = `${TEST_REDIS_URL}/0`;
    const resolved = await resolveRedis({ redisUrl: url, redisServerBinary: 'redis-server', dataDir: await dataDir() }, logger);
    expect(resolved).toMatchObject({ kind: 'url', url, connectionOptions: { ...SHARED_REDIS, db: 0 } });
  });

  it('names host:port but never the password when REDIS_URL is unreachable', async () => {
    const port = await freePort();
    const { logger, text } = captureLogger();
    const url = `redis://hypercare:s3cret-Pa55@127.0.0.1:${port}/2`;
    const error = await resolveRedis({ redisUrl: url, redisServerBinary: 'redis-server', dataDir: await dataDir() }, logger, { connectTimeoutMs: 1_000 }).catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(JobsError);
    expect((error as JobsError).code).toBe('redis_unreachable');
    expect((error as JobsError).message).toContain(`127.0.0.1:${port}`);
    expect((error as JobsError).message).not.toContain('s3cret');
    expect(text()).not.toContain('s3cret');
  });

  it('parses REDIS_URL and masks the password in the loggable form', () => {
    const { connectionOptions, safeUrl } = parseRedisUrl('rediss://bot:p%40ss@redis.example.com:6380/3');
    expect(connectionOptions).toEqual({ host: 'redis.example.com', port: 6380, username: 'bot', password: 'p@ss', db: 3, tls: {} });
    expect(safeUrl).toBe('rediss://bot:***@redis.example.com:6380/3');
  });
});

describe('resolveRedis without REDIS_URL', () => {
  it('uses the Redis that answers on the probe address', async () => {
    const { logger } = captureLogger();
    const resolved = await resolveRedis({ redisServerBinary: 'redis-server', dataDir: await dataDir() }, logger, {
      localProbe: SHARED_REDIS,
    });
    expect(resolved).toMatchObject({ kind: 'local', connectionOptions: SHARED_REDIS });
  });

  it('reports unavailable once, plainly, when nothing answers and no binary exists', async () => {
    const { logger, lines } = captureLogger();
    const resolved = await resolveRedis({ redisServerBinary: 'hypercare-no-such-redis-server', dataDir: await dataDir() }, logger, {
      localProbe: { host: '127.0.0.1', port: await freePort() },
    });
    expect(resolved.kind).toBe('unavailable');
    expect(resolved.connectionOptions).toEqual({});
    const warnings = lines.filter((l) => l.level >= WARN);
    expect(warnings).toHaveLength(1);
    const message = warnings[0]?.msg ?? '';
    for (const part of ['surveys', 'reminders', 'digests', 'SLA timers', 'still answers questions', 'apt-get install redis-server', 'brew install redis', 'REDIS_URL']) {
      expect(message).toContain(part);
    }
    await resolved.stop();
  });
});

describe.skipIf(!redisServerInstalled)('private redis-server', () => {
  async function resolvePrivate(dir: string) {
    const capture = captureLogger();
    const resolved = track(
      await resolveRedis({ redisServerBinary: 'redis-server', dataDir: dir }, capture.logger, { localProbe: { host: '127.0.0.1', port: await freePort() } }),
    );
    return { resolved, ...capture };
  }

  it('starts on a unix socket under dataDir with AOF and noeviction, and stops on stop()', async () => {
    const dir = await dataDir();
    const { resolved } = await resolvePrivate(dir);
    const socketPath = path.join(dir, 'redis', 'redis.sock');
    expect(resolved).toMatchObject({ kind: 'private', url: `unix://${socketPath}`, connectionOptions: { path: socketPath } });
    expect((await pingRedis(resolved.connectionOptions, 1_000)).ok).toBe(true);
    expect(await configGet(resolved, 'maxmemory-policy')).toBe('noeviction');
    expect(await configGet(resolved, 'appendonly')).toBe('yes');
    expect(await configGet(resolved, 'port')).toBe('0');
    await resolved.stop();
    expect((await pingRedis(resolved.connectionOptions, 500)).ok).toBe(false);
    expect(existsSync(socketPath)).toBe(false);
  }, 30_000);

  it('shares a server another live resolver owns, without stopping it', async () => {
    const dir = await dataDir();
    const first = await resolvePrivate(dir);
    const second = await resolvePrivate(dir);
    expect(second.resolved.kind).toBe('private');
    await second.resolved.stop();
    expect((await pingRedis(first.resolved.connectionOptions, 1_000)).ok).toBe(true);
  }, 30_000);

  it('adopts a server whose owner died, and stops it', async () => {
    const dir = await dataDir();
    const first = await resolvePrivate(dir);
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    expect(isProcessAlive(deadPid)).toBe(false);
    await writeFile(path.join(dir, 'redis', 'private-redis.json'), JSON.stringify({ ownerPid: deadPid }));
    const adopter = await resolvePrivate(dir);
    expect(adopter.lines.some((l) => /Adopting/.test(l.msg))).toBe(true);
    await adopter.resolved.stop();
    expect((await pingRedis(first.resolved.connectionOptions, 500)).ok).toBe(false);
  }, 30_000);

  it('replaces a stale socket file', async () => {
    const dir = await dataDir();
    const first = await resolvePrivate(dir);
    await first.resolved.stop();
    // What a crash leaves behind: a socket path nobody listens on.
    await writeFile(path.join(dir, 'redis', 'redis.sock'), '');
    const second = await resolvePrivate(dir);
    expect(second.lines.some((l) => /stale/.test(l.msg))).toBe(true);
    expect((await pingRedis(second.resolved.connectionOptions, 1_000)).ok).toBe(true);
  }, 30_000);
});

describe.skipIf(!redisServerInstalled)('maxmemory-policy check', () => {
  it('stops start-up when Redis may evict keys, naming the policy and the fix', async () => {
    const server = await startTestRedisServer(['--maxmemory-policy', 'allkeys-lru']);
    cleanups.push(server.stop);
    const { logger } = captureLogger();
    const error = await resolveRedis({ redisUrl: `redis://127.0.0.1:${server.port}`, redisServerBinary: 'redis-server', dataDir: await dataDir() }, logger).catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(JobsError);
    expect((error as JobsError).code).toBe('redis_misconfigured');
    expect((error as JobsError).message).toContain(`Redis at 127.0.0.1:${server.port} has maxmemory-policy=allkeys-lru`);
    expect((error as JobsError).message).toContain('CONFIG SET maxmemory-policy noeviction');
    expect((error as JobsError).message).toContain('redis.conf');
  }, 30_000);

  it('only warns when CONFIG is disabled, as on managed Redis', async () => {
    const server = await startTestRedisServer(['--rename-command', 'CONFIG', '']);
    cleanups.push(server.stop);
    const { logger, lines } = captureLogger();
    const resolved = await resolveRedis({ redisUrl: `redis://127.0.0.1:${server.port}`, redisServerBinary: 'redis-server', dataDir: await dataDir() }, logger);
    expect(resolved.kind).toBe('url');
    expect(lines.some((l) => l.level === WARN && /maxmemory-policy/.test(l.msg))).toBe(true);
  }, 30_000);
});
