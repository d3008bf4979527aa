/**
 * Test helpers for the jobs module: unique key prefixes with cleanup (in the
 * style of bullmq's own tests), polling, a capturing logger, free ports and
 * throwaway redis-server processes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, type Logger } from '../../src/log.js';
import { inject } from 'vitest';
import { pingRedis } from '../../src/jobs/redis-client.js';
import { parseRedisUrl } from '../../src/jobs/redis.js';
import { deleteKeysUnder } from '../support/redis-keys.js';

/** The Redis of this test run (REDIS_URL, or a private redis-server started by test/global-setup.ts). */
export const TEST_REDIS_URL = inject('redisUrl');
export const SHARED_REDIS = parseRedisUrl(TEST_REDIS_URL).connectionOptions as { host: string; port: number };

export const redisServerInstalled = spawnSync('redis-server', ['--version']).status === 0;

export function uniquePrefix(label: string): string {
  return `hc-test-${label}-${randomUUID().slice(0, 8)}`;
}

/** Delete every key under a prefix in the test run's Redis. */
export function deleteKeys(prefix: string): Promise<void> {
  return deleteKeysUnder(SHARED_REDIS, prefix);
}

/** Poll until `check` returns a truthy value; generous by default, because CI machines are slow. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(25);
  }
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export function captureLogger(level = 'debug'): { logger: Logger; lines: LogLine[]; text: () => string } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: createLogger(level, sink), lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}

export const WARN = 40;
export const ERROR = 50;

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function tempDir(label: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  // Short: the private server's unix socket path must stay under ~100 bytes.
  const dir = await mkdtemp(path.join(os.tmpdir(), `hc-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A throwaway TCP redis-server with extra arguments (e.g. a wrong eviction policy). */
export async function startTestRedisServer(extraArgs: string[], port?: number): Promise<{ port: number; stop: () => Promise<void> }> {
  port ??= await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
    { stdio: 'ignore' },
  );
  await waitFor(async () => (await pingRedis({ host: '127.0.0.1', port }, 500)).ok, `test redis-server on ${port}`);
  return {
    port,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
