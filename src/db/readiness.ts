/** Database check for /readyz: one `SELECT 1`, bounded by a short timeout. */
import type { Db } from './client.js';

export interface DatabasePing {
  ok: boolean;
  latencyMs: number;
  /** Why it failed (timeout or driver message); never contains the connection string. */
  error?: string;
}

export async function pingDatabase(prisma: Pick<Db, '$queryRaw'>, timeoutMs = 1_000): Promise<DatabasePing> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // The query keeps running after a timeout (pg cannot cancel it here); it is cheap.
    await Promise.race([prisma.$queryRaw`SELECT 1`, timeout]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] ?? err.message : String(err);
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}
