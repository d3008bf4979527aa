/**
 * Embedded PostgreSQL for installs without DATABASE_URL: PGlite (PostgreSQL
 * compiled to WebAssembly, in this process) persisted to a directory and served
 * over the PostgreSQL wire protocol on 127.0.0.1, so Prisma's pg adapter and
 * the schema engine use it exactly like a real server.
 *
 * PGlite is single-process and runs one query at a time (the socket server
 * queues queries from all connections; a transaction holds the queue until it
 * ends). That suits one bot process; running several replicas needs a real
 * PostgreSQL via DATABASE_URL. A lock file next to the data directory stops a
 * second process from opening the same directory, which would corrupt it.
 */
import { mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { silentLogger, type Logger } from '../log.js';

export interface EmbeddedOptions {
  /** PGlite data directory (created if missing). Omit for an in-memory database that vanishes on stop(). */
  directory?: string;
  /** Port to try first on 127.0.0.1; taken or unset → an ephemeral port. */
  port?: number;
  /**
   * Concurrent client connections the socket server accepts. Its default is 1,
   * and a second pool connection is then dropped ("Connection terminated
   * unexpectedly"); this must cover the Prisma pool plus migrations and tools.
   */
  maxConnections?: number;
  /** In-memory only: start from a `dumpDataDir()` tarball (skips initdb, ~0.4 s instead of ~2 s). */
  loadDataDir?: Blob;
  logger?: Logger;
}

export interface EmbeddedPostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres (no password: it only listens on loopback). */
  url: string;
  /** The data directory, or undefined when in memory. */
  directory: string | undefined;
  pglite: PGlite;
  /** Close connections, PGlite and the lock. Idempotent. */
  stop(): Promise<void>;
}

export class EmbeddedLockedError extends Error {
  readonly code = 'DB_EMBEDDED_LOCKED';
  constructor(
    readonly directory: string,
    readonly pid: number | undefined,
    readonly hostname: string | undefined,
    readonly lockFile: string,
  ) {
    const who = pid === undefined ? 'another process' : `process ${pid}${hostname && hostname !== os.hostname() ? ` on ${hostname}` : ''}`;
    super(
      `The embedded database ${directory} is already open by ${who}. PGlite is single-process: stop the other ` +
        `Hypercare process, or set DATABASE_URL to a PostgreSQL server to run several. If no such process exists, delete ${lockFile}.`,
    );
    this.name = 'EmbeddedLockedError';
  }
}

const HEARTBEAT_MS = 15_000;
/** A lock from another host is trusted while its heartbeat is this fresh (its pid cannot be checked from here). */
const FOREIGN_STALE_MS = 60_000;
const heldLocks = new Set<string>();
let exitHookInstalled = false;

interface LockHolder {
  pid?: number;
  hostname?: string;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderIsAlive(lockFile: string, holder: LockHolder, mtimeMs: number): Promise<boolean> {
  const sameHost = holder.hostname === os.hostname();
  if (holder.pid === undefined) return Date.now() - mtimeMs < 5_000; // being written right now, or garbage
  // Same pid as us but not held by us: we are a restarted container reusing the pid of the one that died.
  if (sameHost && holder.pid === process.pid) return heldLocks.has(lockFile);
  if (sameHost) return pidAlive(holder.pid);
  return Date.now() - mtimeMs < FOREIGN_STALE_MS;
}

async function acquireLock(directory: string): Promise<() => Promise<void>> {
  const lockFile = `${directory}.lock`;
  await mkdir(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(lockFile, 'wx');
      await fh.writeFile(JSON.stringify(lockContent()));
      await fh.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const [text, info] = await Promise.all([readFile(lockFile, 'utf8').catch(() => ''), stat(lockFile).catch(() => undefined)]);
      let holder: LockHolder = {};
      try {
        holder = JSON.parse(text) as LockHolder;
      } catch {
        // empty or partial: treated by age below
      }
      if (attempt > 0 || (await holderIsAlive(lockFile, holder, info?.mtimeMs ?? Date.now()))) {
        throw new EmbeddedLockedError(directory, holder.pid, holder.hostname, lockFile);
      }
      await rm(lockFile, { force: true }); // stale: its process is gone
    }
  }
  heldLocks.add(lockFile);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Last resort for a process that exits without stop(); SIGKILL leaves a stale lock, detected by pid.
    process.once('exit', () => {
      for (const f of heldLocks) rmSync(f, { force: true });
    });
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lockFile, now, now).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    heldLocks.delete(lockFile);
    await rm(lockFile, { force: true });
  };
}

function lockContent(): LockHolder & { startedAt: string } {
  return { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
}

async function listen(db: PGlite, port: number, maxConnections: number, logger: Logger): Promise<PGLiteSocketServer> {
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
  server.addEventListener('error', (event) => logger.debug({ err: (event as CustomEvent).detail }, 'embedded postgres socket error'));
  try {
    await server.start();
    return server;
  } catch (err) {
    await server.stop().catch(() => {});
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && port !== 0) {
      logger.info({ port }, 'embedded postgres: port taken, using an ephemeral port');
      return listen(db, 0, maxConnections, logger);
    }
    throw err;
  }
}

/** Start PGlite (persisted in `directory`, or in memory) and serve it on 127.0.0.1. */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const logger = options.logger ?? silentLogger;
  const directory = options.directory ? path.resolve(options.directory) : undefined;
  const release = directory ? await acquireLock(directory) : async () => {};
  let pglite: PGlite | undefined;
  try {
    const started = performance.now();
    if (directory) await mkdir(directory, { recursive: true });
    pglite = await PGlite.create(directory ? { dataDir: directory } : { loadDataDir: options.loadDataDir });
    const server = await listen(pglite, options.port ?? 0, Math.max(10, options.maxConnections ?? 20), logger);
    const url = `postgresql://postgres@${server.getServerConn()}/postgres`;
    logger.info({ directory: directory ?? '(memory)', address: server.getServerConn(), ms: Math.round(performance.now() - started) }, 'embedded postgres started');
    const db = pglite;
    let stopping: Promise<void> | undefined;
    return {
      url,
      directory,
      pglite: db,
      stop: () =>
        (stopping ??= (async () => {
          try {
            await server.stop();
            await db.close();
          } finally {
            await release();
          }
        })()),
    };
  } catch (err) {
    await pglite?.close().catch(() => {});
    await release();
    throw err;
  }
}
