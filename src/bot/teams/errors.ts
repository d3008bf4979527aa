/**
 * Bot Connector failures mapped to Hypercare's error vocabulary at the edge.
 * botbuilder's HTTP pipeline already retries 429s (honouring Retry-After)
 * and 5xx a few times; what still fails arrives here as a RestError.
 */
import { HypercareError } from '../core/errors.js';

export function connectorError(err: unknown, what: string): HypercareError {
  if (err instanceof HypercareError) return err;
  const status = statusOf(err);
  const message = `${what}: ${status ? `Bot Connector answered ${status}` : errorMessage(err)}`;
  if (status === 429) {
    const retryAfterMs = retryAfterOf(err);
    return new HypercareError('rate_limited', message, retryAfterMs === undefined ? { status } : { status, retryAfterMs }, { cause: err });
  }
  if (status === 401 || status === 403) return new HypercareError('unauthorized', message, { status }, { cause: err });
  if (status === 404) return new HypercareError('not_found', message, { status }, { cause: err });
  return new HypercareError('platform_error', message, status ? { status } : undefined, { cause: err });
}

function statusOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { statusCode?: unknown; response?: { status?: unknown } };
  if (typeof e.statusCode === 'number') return e.statusCode;
  if (typeof e.response?.status === 'number') return e.response.status;
  return undefined;
}

/** Retry-After in milliseconds from the failed response (seconds or an HTTP date). */
export function retryAfterOf(err: unknown, now = Date.now()): number | undefined {
  const headers = (err as { response?: { headers?: { get?: (name: string) => string | undefined } } })?.response?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
