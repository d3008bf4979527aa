/** What CLI commands share: flag parsing, configuration, logging, a database handle and the tenant. */
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { openDatabase, type Database, type Db } from '../db/client.js';
import { TenantDirectory } from '../directory/tenants.js';
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

type FlagSpec = Record<string, 'string' | 'boolean'>;

/** A command's flag values: a string flag's text, true for a boolean flag given, undefined for a flag left out. */
export type Flags<S extends FlagSpec> = { [K in keyof S]?: S[K] extends 'string' ? string : boolean } & { verbose?: boolean };

/**
 * A command's flags (`{ tenant: 'string', json: 'boolean' }`; --verbose is
 * always accepted) and its positional arguments. An unknown flag, or a string
 * flag without its value, is a CliError that names the flag.
 */
export function flags<const S extends FlagSpec>(args: string[], spec: S): { values: Flags<S>; positionals: string[] } {
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
  try {
    const { values, positionals } = parseArgs({ args, options: { ...options, verbose: { type: 'boolean' } }, allowPositionals: true, strict: true });
    return { values: values as Flags<S>, positionals };
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** --tenant and --platform: the tenant a command works on (default: the local channel's). */
export const TENANT_FLAGS = { tenant: 'string', platform: 'string' } as const;

export function cliTenant(db: Db, values: Flags<typeof TENANT_FLAGS>) {
  return new TenantDirectory(db).ensure(platformOption(values.platform), values.tenant ?? 'local');
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
 * Run a command's work with the configured database, closed whatever
 * happens. With the embedded default and a bot running, opening fails with
 * EmbeddedLockedError (PGlite serves one process); commands that must work
 * then (kb import) go through the running bot instead.
 */
export async function withCliDatabase<T>({ config, log }: CliContext, run: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ ...config, databasePoolSize: 2 }, log);
  try {
    return await run(database);
  } finally {
    await database.close();
  }
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
