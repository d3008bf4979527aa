/**
 * GET /healthz: the process is up (for liveness probes; touches nothing).
 * GET /readyz: the database and Redis answer (for readiness probes and load
 * balancers); 503 names what is down.
 */
import type { HttpServer } from './server.js';

export type ReadinessCheck = () => Promise<void>;

export function registerHealth(server: HttpServer, checks: Record<string, ReadinessCheck>): void {
  server.route('GET', '/healthz', async () => ({ status: 200, json: { status: 'ok' } }));
  server.route('GET', '/readyz', async () => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000, name);
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, `down: ${(err as Error).message}`] as const;
        }
      }),
    );
    const ready = results.every(([, state]) => state === 'ok');
    return { status: ready ? 200 : 503, json: { status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) } };
  });
}

async function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
