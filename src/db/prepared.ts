/**
 * Server-side prepared statements for the hot statements only: the batched
 * ones every message runs (redelivery guard, user lookup, conversation
 * state, question rows). Named, PostgreSQL parses each of them once per
 * connection instead of on every batch, and can keep its plan; in
 * bench:slack that cut the database's CPU per answered message by about a
 * quarter.
 *
 * A statement opts in by starting with PREPARED_MARK, and must have fixed
 * SQL text (arrays, not a growing list of placeholders), because every
 * distinct text is kept on every connection. Everything else stays
 * unnamed. Only for PostgreSQL servers (see client.ts); turn it off
 * (DATABASE_PREPARED_STATEMENTS=false) behind a connection pooler that does
 * not carry prepared statements, such as PgBouncer in transaction mode
 * without max_prepared_statements (1.21+).
 */
import { createHash } from 'node:crypto';

export const PREPARED_MARK = '/* prepared */';

const names = new Map<string, string>();

/**
 * The statement name for @prisma/adapter-pg's statementNameGenerator: derived
 * from the text (pg refuses one name for two texts); '' leaves it unnamed.
 */
export function preparedStatementName(query: { sql: string }): string {
  if (!query.sql.startsWith(PREPARED_MARK)) return '';
  let name = names.get(query.sql);
  if (name === undefined) {
    name = `hc_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`;
    names.set(query.sql, name);
  }
  return name;
}
