/**
 * Errors raised by the jobs module, with string codes callers can switch on
 * (the lead maps them into the bot's error vocabulary at the edge).
 */
export type JobsErrorCode =
  /** No Redis: proactive features are off; the caller should degrade. */
  | 'jobs_unavailable'
  /** Job data failed its schema before it reached Redis. */
  | 'job_data_invalid'
  /** Unknown job name, duplicate processor, bad job id or schedule. */
  | 'job_misuse'
  /** REDIS_URL (or a reused private server) could not be reached. */
  | 'redis_unreachable'
  /** Redis answers but is configured in a way BullMQ cannot run on (e.g. eviction). */
  | 'redis_misconfigured'
  /** The private redis-server did not start. */
  | 'redis_start_failed';

export class JobsError extends Error {
  constructor(
    readonly code: JobsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JobsError';
  }
}

export function isJobsError(err: unknown, code?: JobsErrorCode): err is JobsError {
  return err instanceof JobsError && (code === undefined || err.code === code);
}

/** A short, secret-free description of an error from a client library. */
export function errorSummary(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const message = err.message.replace(/\.+$/, '');
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(err);
}
