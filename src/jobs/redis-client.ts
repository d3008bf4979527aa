/**
 * Small helpers around ioredis shared by the resolver, the private server and
 * the job system.
 */
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Every client speaks RESP2. ioredis 6 defaults to RESP3, but BullMQ 6 is
 * built and tested against RESP2 reply shapes (its own test suite pins
 * ioredis 5), and some managed Redis versions reject HELLO 3.
 */
const BASE_OPTIONS: RedisOptions = { protocol: 2 };

export function createRedisClient(connectionOptions: RedisOptions, overrides: RedisOptions = {}): Redis {
  return new Redis({ ...BASE_OPTIONS, ...connectionOptions, ...overrides });
}

/** "host:port" or the socket path: where a client goes, without credentials. */
export function describeAddress(connectionOptions: RedisOptions): string {
  const socketPath = (connectionOptions as { path?: string }).path;
  if (socketPath) return socketPath;
  return `${connectionOptions.host ?? '127.0.0.1'}:${connectionOptions.port ?? 6379}`;
}

export class ProbeTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'ProbeTimeoutError';
  }
}

/**
 * Connect once (no reconnects, no queued commands), run `fn`, disconnect.
 * The whole exchange is bounded, so a port held by something that is not
 * Redis cannot hang start-up.
 */
export async function withProbeClient<T>(
  connectionOptions: RedisOptions,
  timeoutMs: number,
  fn: (client: Redis) => Promise<T>,
): Promise<T> {
  const client = createRedisClient(connectionOptions, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // A refused login (NOAUTH, WRONGPASS) arrives as an 'error' event while connect()
  // only says "Connection is closed"; keep the event to report the real cause.
  let lastError: unknown;
  client.on('error', (err) => {
    lastError = err;
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeoutError(timeoutMs)), timeoutMs * 2);
  });
  try {
    const connected = client.connect().catch((err: unknown) => {
      throw lastError ?? err;
    });
    return await Promise.race([connected.then(() => fn(client)), deadline]);
  } finally {
    clearTimeout(timer);
    // After a failed connect the client is already 'end'; disconnecting again would
    // leave ioredis's 2 s disconnect timer holding the process open.
    if (client.status !== 'end') client.disconnect();
  }
}

export type PingResult = { ok: true } | { ok: false; error: unknown };

export async function pingRedis(connectionOptions: RedisOptions, timeoutMs: number): Promise<PingResult> {
  try {
    const reply = await withProbeClient(connectionOptions, timeoutMs, (client) => client.ping());
    return reply === 'PONG' ? { ok: true } : { ok: false, error: new Error(`unexpected PING reply ${String(reply)}`) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Quit politely when connected; otherwise (or if QUIT hangs) disconnect hard.
 * A QUIT sent while reconnecting would wait in the offline queue forever.
 */
export async function closeRedisClient(client: Redis, timeoutMs = 2_000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  const outcome = await withinTimeout(client.quit(), timeoutMs).catch(() => 'failed' as const);
  if (outcome !== 'done') client.disconnect();
}

/** Await `promise` for at most `ms`; never rejects on timeout, so callers can move on. */
export async function withinTimeout(promise: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise.then(() => 'done' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ReplyError';
}
