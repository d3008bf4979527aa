/**
 * Database errors people can act on, and URL helpers that never leak the
 * password into a message or a log line.
 */
import pg from 'pg';

/** `host:port/database` of a PostgreSQL URL: what a message may name. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return '(unparseable database URL)';
  }
}

/** The URL with any password replaced, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export class DatabaseUnreachableError extends Error {
  readonly code = 'DB_UNREACHABLE';
  constructor(
    readonly target: string,
    reason: string,
  ) {
    super(`Cannot connect to PostgreSQL at ${target}: ${reason}`);
    this.name = 'DatabaseUnreachableError';
  }
}

export class MigrationError extends Error {
  readonly code = 'DB_MIGRATION_FAILED';
  constructor(
    /** The migration folder name, when the engine told us which one. */
    readonly migration: string | undefined,
    reason: string,
  ) {
    super(migration ? `Database migration ${migration} failed: ${reason}` : `Database migrations failed: ${reason}`);
    this.name = 'MigrationError';
  }
}

/** Strip a URL's password from any text (driver messages sometimes echo the connection string). */
export function scrubPassword(text: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return text;
  }
  return password ? text.split(password).join('***') : text;
}

/**
 * Open and close one connection, so a wrong host, port, database or password
 * fails here with a message naming host:port/database, instead of deep inside
 * the schema engine ("External error id#0") or the first query.
 */
export async function assertReachable(url: string, timeoutMs = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {}); // a late socket error after a failed connect must not crash the process
  try {
    await client.connect();
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const reason = [e.code, e.message].filter(Boolean).join(' ') || String(err);
    throw new DatabaseUnreachableError(describeDatabase(url), scrubPassword(reason, url));
  } finally {
    await client.end().catch(() => {});
  }
}

/** A unique constraint refused the write (Prisma's P2002): someone else wrote the same key first. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}
