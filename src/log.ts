/**
 * Logging: one pino root logger, created at start-up and passed down; modules
 * take a `Logger` and call `child({ component })` for context.
 * Secrets (tokens, passwords, authorization headers) are redacted by path.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

const REDACT = [
  'token',
  'password',
  'secret',
  'authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.headers.authorization',
  '*.botToken',
  '*.appSecret',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'hypercare' } },
    destination ?? process.stdout,
  );
}

/** A logger that drops everything, for tests and CLI sub-steps. */
export const silentLogger: Logger = pino({ level: 'silent' });
