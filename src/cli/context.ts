/** What CLI commands share: argument parsing, configuration, logging and a database handle. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { openDatabase, type Database } from '../db/client.js';
import { PLATFORMS, type Platform } from '../bot/core/types.js';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, verbose: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

export interface CliContext {
  config: Config;
  log: Logger;
}

export function cliContext(verbose: boolean | undefined): CliContext {
  const config = loadConfig();
  // Logs go to stderr so --json output on stdout stays machine-readable.
  return { config, log: createLogger(verbose ? 'info' : 'warn', process.stderr) };
}

/**
 * The configured database. With the embedded default and a bot running, this
 * fails with EmbeddedLockedError (PGlite serves one process); commands that
 * must work then (kb import) go through the running bot instead.
 */
export async function cliDatabase({ config, log }: CliContext): Promise<Database> {
  return openDatabase({ ...config, databasePoolSize: 2 }, log);
}

export function platformOption(value: string | undefined): Platform {
  const platform = (value ?? 'local') as Platform;
  if (!PLATFORMS.includes(platform)) throw new CliError(`--platform must be one of ${PLATFORMS.join(', ')}`);
  return platform;
}

/** A progress line on a terminal, rewritten in place; on a pipe, a line every 10%. */
export function progressPrinter(label: string): (phase: string, done: number, total: number) => void {
  let lastDecile = -1;
  return (phase, done, total) => {
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${label}: ${phase} ${done}/${total}${done === total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor((done / Math.max(total, 1)) * 10);
    if (decile !== lastDecile || done === total) {
      lastDecile = decile;
      process.stderr.write(`${label}: ${phase} ${done}/${total}\n`);
    }
  };
}
