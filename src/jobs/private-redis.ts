/**
 * A private redis-server for installs without a Redis of their own: a child
 * process under <dataDir>/redis, reachable only through a unix socket (no TCP
 * port, so nothing else on the machine or network can talk to it).
 *
 * Persistence: AOF (fsync every second) under the same directory, RDB
 * snapshots off. Delayed jobs (SLA timers, survey reminders) live only in
 * Redis, so a restart of the bot must not drop them; AOF is what BullMQ
 * recommends and costs little at this volume.
 *
 * A server left running by an earlier run (killed with SIGKILL, say) is
 * adopted; a server started by another live process sharing the same data
 * directory is used but not stopped; a socket nobody answers on is removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.js';
import { JobsError, errorSummary } from './errors.js';
import { pingRedis, withProbeClient } from './redis-client.js';

export interface PrivateRedis {
  socketPath: string;
  /** True when stop() shuts the server down: this process started or adopted it. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface PrivateRedisOptions {
  binary: string;
  /** Directory for the socket, AOF files, log and bookkeeping; created if missing. */
  dir: string;
  logger: Logger;
  startTimeoutMs: number;
}

/** sun_path holds 108 bytes on Linux and 104 on macOS, terminator included. */
const MAX_SOCKET_PATH_BYTES = 100;
const STOP_TIMEOUT_MS = 10_000;
const OWNER_FILE = 'private-redis.json';
const LOCK_FILE = 'start.lock';

interface OwnerRecord {
  ownerPid: number;
  serverPid?: number;
}

/** Start (or reuse) the private server; 'binary-missing' when the binary cannot be found. */
export async function startPrivateRedis(options: PrivateRedisOptions): Promise<PrivateRedis | 'binary-missing'> {
  const dir = path.resolve(options.dir);
  const socketPath = path.join(dir, 'redis.sock');
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new JobsError(
      'redis_start_failed',
      `The private Redis socket path ${socketPath} is longer than ${MAX_SOCKET_PATH_BYTES} bytes, the limit for unix sockets; set DATA_DIR to a shorter path, or set REDIS_URL.`,
    );
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const releaseLock = await acquireStartLock(dir, options.startTimeoutMs);
  try {
    return (await reuseRunningServer(dir, socketPath, options.logger)) ?? (await spawnServer(dir, socketPath, options));
  } finally {
    await releaseLock();
  }
}

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Two processes starting at once must not both spawn a server on one socket and one AOF. */
async function acquireStartLock(dir: string, timeoutMs: number): Promise<() => Promise<void>> {
  const lockPath = path.join(dir, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
    const ageMs = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
    // A holder that died, or a lock file never filled in, is stale.
    if ((holder > 0 && !isProcessAlive(holder)) || (!(holder > 0) && ageMs > 5_000)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new JobsError(
        'redis_start_failed',
        `Process ${holder} is starting the private Redis in ${dir} and did not finish in time; if no such process runs, delete ${lockPath}.`,
      );
    }
    await sleep(100);
  }
}

async function reuseRunningServer(dir: string, socketPath: string, logger: Logger): Promise<PrivateRedis | undefined> {
  const socketExists = await stat(socketPath).then(() => true, () => false);
  if (!socketExists) return undefined;
  if (!(await pingRedis({ path: socketPath }, 1_000)).ok) {
    logger.info({ socketPath }, 'Removing a stale private Redis socket left by an earlier run');
    await rm(socketPath, { force: true });
    return undefined;
  }
  const owner = await readOwner(dir);
  if (owner && isProcessAlive(owner.ownerPid)) {
    logger.info({ socketPath, ownerPid: owner.ownerPid }, 'Using the private Redis started by another running process (it stops it)');
    return { socketPath, owned: false, stop: async () => {} };
  }
  const serverPid = await withProbeClient({ path: socketPath }, 1_000, (client) => client.info('server'))
    .then((info) => Number(/process_id:(\d+)/.exec(info)?.[1]) || undefined)
    .catch(() => undefined);
  await writeOwner(dir, { ownerPid: process.pid, serverPid });
  logger.info({ socketPath, serverPid }, 'Adopting the private Redis left running by an earlier run; it stops with this process');
  return { socketPath, owned: true, stop: once(() => shutdownAdoptedServer(dir, socketPath, logger)) };
}

function serverArgs(dir: string, socketPath: string): string[] {
  return [
    ...['--port', '0'],
    ...['--unixsocket', socketPath],
    ...['--unixsocketperm', '700'],
    ...['--dir', dir],
    ...['--daemonize', 'no'],
    ...['--logfile', path.join(dir, 'redis.log')],
    ...['--save', ''],
    ...['--appendonly', 'yes'],
    ...['--appendfsync', 'everysec'],
    ...['--maxmemory-policy', 'noeviction'],
  ];
}

async function spawnServer(dir: string, socketPath: string, options: PrivateRedisOptions): Promise<PrivateRedis | 'binary-missing'> {
  const { binary, logger } = options;
  await rm(socketPath, { force: true });
  const child = spawn(binary, serverArgs(dir, socketPath), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2_000);
  });
  let spawnError: NodeJS.ErrnoException | undefined;
  child.on('error', (err) => {
    spawnError = err;
  });

  const deadline = Date.now() + options.startTimeoutMs;
  for (;;) {
    if (spawnError?.code === 'ENOENT') return 'binary-missing';
    if (spawnError) {
      throw new JobsError('redis_start_failed', `Could not run ${binary}: ${errorSummary(spawnError)}`, { cause: spawnError });
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      const why = stderrTail.trim() || (await logTail(dir)) || 'no output';
      throw new JobsError(
        'redis_start_failed',
        `${binary} exited (${child.exitCode ?? child.signalCode}) before it answered on ${socketPath}: ${why}`,
      );
    }
    if ((await pingRedis({ path: socketPath }, 500)).ok) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new JobsError(
        'redis_start_failed',
        `${binary} did not answer on ${socketPath} within ${options.startTimeoutMs} ms. Its log: ${(await logTail(dir)) || 'empty'}`,
      );
    }
    await sleep(50);
  }

  // The server must not keep Node alive on its own, nor outlive a process that exits without stop().
  child.unref();
  (child.stderr as Socket | null)?.unref();
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) logger.error({ code, signal }, 'The private redis-server exited unexpectedly; background jobs stop until restart');
  });
  await writeOwner(dir, { ownerPid: process.pid, serverPid: child.pid });
  logger.info({ socketPath, pid: child.pid }, 'Started a private redis-server (unix socket only, AOF persistence under the data directory)');

  const stop = once(async () => {
    stopping = true;
    process.off('exit', killOnExit);
    await stopChild(child);
    await removeOwnerIfMine(dir);
    logger.info('Stopped the private redis-server');
  });
  return { socketPath, owned: true, stop };
}

/** SIGTERM lets Redis flush the AOF and remove its socket; SIGKILL only if it hangs. */
async function stopChild(child: ChildProcess): Promise<void> {
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  if (exited()) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await gone;
  clearTimeout(timer);
}

async function shutdownAdoptedServer(dir: string, socketPath: string, logger: Logger): Promise<void> {
  // The server drops the connection as it shuts down, so the reply is an error either way.
  await withProbeClient({ path: socketPath }, 2_000, (client) => client.call('SHUTDOWN')).catch(() => undefined);
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline && (await pingRedis({ path: socketPath }, 500)).ok) await sleep(100);
  await removeOwnerIfMine(dir);
  logger.info('Stopped the adopted private redis-server');
}

async function readOwner(dir: string): Promise<OwnerRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, OWNER_FILE), 'utf8')) as Partial<OwnerRecord>;
    return typeof parsed.ownerPid === 'number' ? { ownerPid: parsed.ownerPid, serverPid: parsed.serverPid } : undefined;
  } catch {
    return undefined;
  }
}

async function writeOwner(dir: string, record: OwnerRecord): Promise<void> {
  await writeFile(path.join(dir, OWNER_FILE), JSON.stringify(record), { mode: 0o600 });
}

async function removeOwnerIfMine(dir: string): Promise<void> {
  if ((await readOwner(dir))?.ownerPid === process.pid) await rm(path.join(dir, OWNER_FILE), { force: true });
}

async function logTail(dir: string): Promise<string> {
  const text = await readFile(path.join(dir, 'redis.log'), 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-5).join(' | ');
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
