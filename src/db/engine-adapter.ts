/**
 * The driver adapter the Wasm schema engine talks through: @prisma/adapter-pg
 * with three fixes the engine needs (each found the hard way, see below).
 *
 * 1. PostgreSQL's one-byte `"char"` type (OID 18, used by the catalog columns
 *    the engine introspects, e.g. pg_constraint.contype) is unknown to
 *    adapter-pg: it throws "Column type 'char' could not be deserialized", and
 *    mapping it to text makes the engine panic ("as char failed"). We rewrite
 *    the OID to text for pg and then report the column as `Character`.
 * 2. adapter-pg's `executeScript` splits on every `;` (breaking `$$` bodies
 *    and string literals) and runs each piece in its own transaction. We send
 *    the whole migration as one simple-protocol query instead, which is what
 *    the native engine does: one implicit transaction per migration.
 * 3. adapter-pg's `connectToShadowDb` passes `database` next to
 *    `connectionString`, and pg lets the URL win: the "shadow" database is the
 *    main one, which the engine then fills and resets. We create and drop a
 *    real temporary database ourselves.
 */
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { withDatabase } from './errors.js';

const CHAR_OID = 18;
const TEXT_OID = 25;

/** Result rows arrays whose columns at these indexes were `"char"`; keyed by identity because adapter-pg passes `rows` through unchanged. */
const charColumns = new WeakMap<object, number[]>();

interface FieldLike {
  dataTypeID: number;
}
interface ResultLike {
  fields?: FieldLike[];
  rows?: unknown[];
}

function markCharColumns(result: unknown): unknown {
  for (const r of (Array.isArray(result) ? result : [result]) as (ResultLike | undefined)[]) {
    const indexes: number[] = [];
    r?.fields?.forEach((f, i) => {
      if (f.dataTypeID === CHAR_OID) {
        f.dataTypeID = TEXT_OID;
        indexes.push(i);
      }
    });
    if (indexes.length > 0 && r?.rows) charColumns.set(r.rows, indexes);
  }
  return result;
}

/** Wrap `client.query` (callback and promise forms) so every result goes through markCharColumns. */
function patchClient(client: pg.PoolClient): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (err: unknown, res: unknown) => (callback as (e: unknown, r: unknown) => void)(err, err ? res : markCharColumns(res));
      return original(...args);
    }
    const out = original(...args);
    return out instanceof Promise ? out.then(markCharColumns) : out;
  };
}

function fixQueryable<T extends SqlQueryable>(q: T): T {
  const queryRaw = q.queryRaw.bind(q);
  q.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return q;
}

function fixAdapter(adapter: SqlDriverAdapter, onDispose?: () => Promise<void>): SqlDriverAdapter {
  fixQueryable(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => fixQueryable<Transaction>(await startTransaction(isolationLevel));
  // Values-less query → pg's simple protocol → the whole script in one implicit transaction.
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  if (onDispose) {
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await onDispose();
    };
  }
  return adapter;
}

async function connectFixed(url: string, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  // One session, like the native engine: its migration advisory lock (a session lock) is then
  // taken and released on the same connection. The engine awaits each step, so one is enough;
  // were it ever not, connectionTimeoutMillis turns the wait into an error instead of a hang.
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('connect', patchClient);
  pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing the process
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  return fixAdapter(adapter, onDispose);
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface EngineAdapterOptions {
  /**
   * Where the shadow database (needed only to diff from a migrations folder) lives:
   * `temporary` creates and drops `prisma_shadow_<uuid>` on the same server (real PostgreSQL);
   * `main` reuses the main database, for a throwaway embedded instance (PGlite has one database).
   */
  shadow: 'temporary' | 'main';
}

export interface EngineAdapter {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /**
   * Close every connection the engine opened. `SchemaEngine.free()` does not:
   * a leaked session keeps Prisma's migration advisory lock, and the next
   * `applyMigrations` waits 10 s for it.
   */
  disposeAll(): Promise<void>;
}

export function engineAdapter(url: string, options: EngineAdapterOptions): EngineAdapter {
  const open = new Set<SqlDriverAdapter>();
  const track = async (connecting: Promise<SqlDriverAdapter>) => {
    const adapter = await connecting;
    open.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (open.delete(adapter)) await dispose();
    };
    return adapter;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => track(connectFixed(url)),
    async connectToShadowDb() {
      if (options.shadow === 'main') return track(connectFixed(url));
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      await adminQuery(url, `CREATE DATABASE "${name}"`);
      return track(connectFixed(withDatabase(url, name), () => adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
    },
  };
  return {
    factory,
    async disposeAll() {
      await Promise.allSettled([...open].map((a) => a.dispose()));
    },
  };
}
