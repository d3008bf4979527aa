/**
 * While Redis is away, ioredis reconnects every few seconds and every client,
 * queue and worker reports each failed attempt. Log one warning when the
 * connection is lost and one line when it is back, instead of hundreds.
 */
import type { Logger } from '../log.js';
import { errorSummary } from './errors.js';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT']);

export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && CONNECTION_CODES.has(code)) || /Connection is closed|Socket closed unexpectedly|connect ETIMEDOUT|Stream isn't writeable/.test(err.message);
}

export class ConnectionLog {
  private down = false;
  private suppressed = 0;

  constructor(private readonly log: Logger) {}

  /** Report an error from a client, queue or worker; non-connection errors always log. */
  error(source: string, err: Error): void {
    if (!isConnectionError(err)) {
      this.log.error({ source, err }, 'Redis error');
      return;
    }
    if (this.down) {
      this.suppressed++;
      return;
    }
    this.down = true;
    this.log.warn({ source, reason: errorSummary(err) }, 'Lost the Redis connection; retrying. Background jobs wait until it is back');
  }

  /** A connection became ready: the end of an outage, if there was one. */
  ready(): void {
    if (!this.down) return;
    this.log.info({ suppressedErrors: this.suppressed }, 'Redis connection restored');
    this.down = false;
    this.suppressed = 0;
  }
}
