/**
 * Usage of the rolled-out system itself (ERP logins, posted orders, …),
 * pushed by the customer's integration through POST /api/usage or imported
 * from a CSV export. A batch is all or nothing: every event is validated and
 * every user resolved first, and one bad row rejects the batch with every
 * problem listed, so a client can fix and resend it without double counting.
 *
 * Built for volume (the target is tens of thousands of events a second): one
 * query resolves every user of the batch, one INSERT statement writes it.
 */
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { readCsvTable, type LineProblem } from './csv-table.js';

/** Per API request; also the size of each insert when a CSV is larger. */
export const MAX_USAGE_EVENTS_PER_BATCH = 10_000;
/** Clocks drift; an event a day ahead of ours is a bug in the sender, not drift. */
const MAX_FUTURE_MS = 24 * 60 * 60_000;
const EARLIEST = Date.UTC(2000, 0, 1);

export const usageEventSchema = z.object({
  user: z.string({ message: 'must be a string' }).trim().min(1, 'is empty').max(320, 'is longer than 320 characters'),
  action: z.string({ message: 'must be a string' }).trim().min(1, 'is empty').max(100, 'is longer than 100 characters'),
  module: z.string({ message: 'must be a string' }).trim().max(100, 'is longer than 100 characters').nullish(),
  // Rejects impossible days (2025-02-30) too, and local times without a zone: they would be guessed.
  at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 timestamp with a time zone, e.g. 2025-03-01T09:30:00Z' }),
});
export type UsageEventInput = z.input<typeof usageEventSchema>;

export interface IndexProblem {
  /** 0-based position in the request's events array. */
  index: number;
  message: string;
}

export type UsageResult<P> = { ok: true; accepted: number } | { ok: false; problems: P[] };

export interface UsageOptions {
  now?: () => Date;
}

/** Validate, resolve and write one batch of API events; problems name the event's index. */
export async function ingestUsage(db: Db, tenantId: string, events: readonly unknown[], options: UsageOptions = {}): Promise<UsageResult<IndexProblem>> {
  return ingest(db, tenantId, events, (index) => ({ index }), options);
}

/** `usage import <csv>`: columns user, action, module (optional), at; problems name the file line. */
export async function importUsageCsv(db: Db, tenantId: string, csvText: string, options: UsageOptions = {}): Promise<UsageResult<LineProblem>> {
  const parsed = parseUsageCsv(csvText);
  if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems };
  const lines = parsed.events.map((e) => e.line);
  return ingest(db, tenantId, parsed.events.map((e) => e.event), (index) => ({ line: lines[index]! }), options);
}

export function parseUsageCsv(text: string): { events: { line: number; event: UsageEventInput }[]; problems: LineProblem[] } {
  const table = readCsvTable(text, [
    { name: 'user', aliases: ['email', 'employee id', 'user id'], required: true },
    { name: 'action', aliases: ['event'], required: true },
    { name: 'module', required: false },
    { name: 'at', aliases: ['timestamp', 'time', 'occurred at'], required: true },
  ] as const);
  if (table.problems.length === 0 && table.rows.length === 0) table.problems.push({ line: 2, message: 'the file has a header but no events' });
  return {
    events: table.rows.map(({ line, values }) => ({ line, event: { user: values.user, action: values.action, module: values.module || null, at: values.at } })),
    problems: table.problems,
  };
}

interface ValidEvent {
  position: number;
  user: string;
  action: string;
  module: string | null;
  occurredAt: Date;
}

async function ingest<L extends object>(
  db: Db,
  tenantId: string,
  items: readonly unknown[],
  locate: (position: number) => L,
  options: UsageOptions,
): Promise<UsageResult<L & { message: string }>> {
  const now = (options.now?.() ?? new Date()).getTime();
  const problems: (L & { message: string })[] = [];
  const valid: ValidEvent[] = [];
  items.forEach((item, position) => {
    const result = validateEvent(item, now);
    if (typeof result === 'string') problems.push({ ...locate(position), message: result });
    else valid.push({ position, ...result });
  });

  const userIds = await resolveUsers(db, tenantId, valid.map((e) => e.user));
  for (const e of valid) {
    if (!userIds.has(userKey(e.user))) problems.push({ ...locate(e.position), message: `unknown user "${e.user}": no person with that email or employee id in this tenant` });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (valid.length === 0) return { ok: true, accepted: 0 };

  const rows = valid.map((e) => ({ userId: userIds.get(userKey(e.user))!, action: e.action, module: e.module, occurredAt: e.occurredAt }));
  if (rows.length <= MAX_USAGE_EVENTS_PER_BATCH) {
    await insertUsageRows(db, tenantId, rows);
  } else {
    // Only a large CSV gets here: chunks bound each statement's size, the transaction keeps the file all or nothing.
    await db.$transaction(
      async (tx) => {
        for (let i = 0; i < rows.length; i += MAX_USAGE_EVENTS_PER_BATCH) await insertUsageRows(tx as Db, tenantId, rows.slice(i, i + MAX_USAGE_EVENTS_PER_BATCH));
      },
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );
  }
  return { ok: true, accepted: rows.length };
}

type UsageRow = Omit<ValidEvent, 'position' | 'user'> & { userId: string };

/**
 * One statement per batch: INSERT … SELECT FROM unnest(arrays) (five bind
 * parameters whatever the batch size; createMany binds five per row and took
 * ~10x longer on 10,000 rows), and from what it inserted, the UsageWeek
 * rollup rows (person, Monday of the week in the tenant's time zone) that the
 * weekly metrics read instead of millions of events. Rollup rows go in in key
 * order, so concurrent batches touching the same people cannot deadlock.
 * Timestamps travel as UTC wall-clock text cast to timestamp(3), the column's
 * type, so the session's TimeZone cannot shift them.
 */
async function insertUsageRows(db: Db, tenantId: string, rows: UsageRow[]): Promise<void> {
  const userIds = rows.map((r) => r.userId);
  const actions = rows.map((r) => r.action);
  const modules = rows.map((r) => r.module);
  const times = rows.map((r) => r.occurredAt.toISOString().replace('Z', ''));
  await db.$executeRaw`
    WITH inserted AS (
      INSERT INTO "UsageEvent" ("tenantId", "userId", "action", "module", "occurredAt")
      SELECT ${tenantId}, u, a, m, t
      FROM unnest(${userIds}::text[], ${actions}::text[], ${modules}::text[], ${times}::timestamp(3)[]) AS e(u, a, m, t)
      RETURNING "userId", "occurredAt")
    INSERT INTO "UsageWeek" ("tenantId", "weekStart", "userId")
    SELECT DISTINCT ${tenantId}, date_trunc('week', (i."occurredAt" AT TIME ZONE 'UTC') AT TIME ZONE z.timezone)::date AS week, i."userId"
    FROM inserted i CROSS JOIN (SELECT timezone FROM "Tenant" WHERE id = ${tenantId}) z
    ORDER BY week, i."userId"
    ON CONFLICT DO NOTHING`;
}

/**
 * Rebuild a tenant's UsageWeek rollup from its events: after a bulk load that
 * bypassed ingestion, or after the tenant's time zone changed (weeks start on
 * Monday local time). One transaction, so readers see the old or the new.
 */
export async function rebuildUsageWeeks(db: Db, tenantId: string): Promise<number> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`DELETE FROM "UsageWeek" WHERE "tenantId" = ${tenantId}`;
      return tx.$executeRaw`
        INSERT INTO "UsageWeek" ("tenantId", "weekStart", "userId")
        SELECT DISTINCT ${tenantId}, date_trunc('week', (e."occurredAt" AT TIME ZONE 'UTC') AT TIME ZONE z.timezone)::date, e."userId"
        FROM "UsageEvent" e CROSS JOIN (SELECT timezone FROM "Tenant" WHERE id = ${tenantId}) z
        WHERE e."tenantId" = ${tenantId}`;
    },
    { timeout: 30 * 60_000, maxWait: 30_000 },
  );
}

function validateEvent(item: unknown, now: number): Omit<ValidEvent, 'position'> | string {
  const parsed = usageEventSchema.safeParse(item);
  if (!parsed.success) {
    // A non-object gets zod's own wording ("expected object, received string").
    return parsed.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')} ${issue.message}` : issue.message)).join('; ');
  }
  const { user, action, module, at } = parsed.data;
  const occurredAt = new Date(at);
  if (occurredAt.getTime() < EARLIEST) return `at ${at} is before 2000`;
  if (occurredAt.getTime() > now + MAX_FUTURE_MS) return `at ${at} is in the future`;
  return { user, action, module: module || null, occurredAt };
}

/** Emails are matched lower-cased (the roster stores them so); anything without an @ is an employee id. */
function userKey(user: string): string {
  return user.includes('@') ? user.toLowerCase() : user;
}

/**
 * One query for the whole batch, the keys bound as two arrays (a Prisma `in`
 * list binds one parameter per key). When several rows share an email or
 * employee id the oldest wins, the same rule the roster import follows.
 */
async function resolveUsers(db: Db, tenantId: string, users: string[]): Promise<Map<string, string>> {
  const keys = new Set(users.map(userKey));
  const emails = [...keys].filter((k) => k.includes('@'));
  const employeeIds = [...keys].filter((k) => !k.includes('@'));
  const ids = new Map<string, string>();
  if (keys.size === 0) return ids;
  const rows = await db.$queryRaw<{ id: string; email: string | null; employeeId: string | null }[]>`
    SELECT id, email, "employeeId", "createdAt" FROM "User"
    WHERE ${emails.length > 0} AND "tenantId" = ${tenantId} AND email = ANY(${emails}::text[])
    UNION
    SELECT id, email, "employeeId", "createdAt" FROM "User"
    WHERE ${employeeIds.length > 0} AND "tenantId" = ${tenantId} AND "employeeId" = ANY(${employeeIds}::text[])
    ORDER BY "createdAt", id`;
  for (const row of rows) {
    if (row.email && keys.has(row.email) && !ids.has(row.email)) ids.set(row.email, row.id);
    if (row.employeeId && keys.has(row.employeeId) && !ids.has(row.employeeId)) ids.set(row.employeeId, row.id);
  }
  return ids;
}
