/**
 * One error vocabulary with string codes. Platform and library errors are
 * mapped to these at the edge; the router turns them into a polite reply.
 */
export const ERROR_CODES = [
  'bad_request', // malformed input from a client or platform
  'message_too_long',
  'unauthorized',
  'not_found',
  'conflict',
  'rate_limited',
  'platform_error', // the platform API refused or failed
  'jobs_unavailable', // Redis is not configured or reachable
  'storage_error',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class HypercareError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HypercareError';
  }
}

export function errorCodeOf(err: unknown): ErrorCode {
  if (err instanceof HypercareError) return err.code;
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    if ((ERROR_CODES as readonly string[]).includes(err.code)) return err.code as ErrorCode;
  }
  return 'internal';
}
