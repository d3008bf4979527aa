/**
 * Two lists beside the weekly figures: the questions the bot could not answer
 * (knowledge gaps) and the rostered people who have not used the rolled-out
 * system yet. Both come per department, so one query serves every digest.
 */
import type { Db } from '../db/client.js';
import type { Week } from './weeks.js';
import { sqlTime } from './metrics.js';

export interface GapRow {
  departmentId: string;
  /** Case and spacing folded: "How do I  post?" and "how do i post?" are one gap. */
  normalized: string;
  /** The first phrasing asked. */
  text: string;
  asked: number;
}

/** Questions of the week the bot did not answer (outcome unanswered or escalated), per asker's department and text. */
export async function gapsByDepartment(db: Db, tenantId: string, week: Week): Promise<GapRow[]> {
  return db.$queryRaw<GapRow[]>`
    SELECT u."departmentId" AS "departmentId", lower(regexp_replace(btrim(q.text), '\\s+', ' ', 'g')) AS normalized,
      (array_agg(q.text ORDER BY q."createdAt", q.id))[1] AS text, count(*)::int AS asked
    FROM "Question" q JOIN "User" u ON u.id = q."userId" AND u."tenantId" = ${tenantId}
    WHERE q."tenantId" = ${tenantId} AND q."createdAt" >= ${sqlTime(week.from)}::timestamp(3) AND q."createdAt" < ${sqlTime(week.to)}::timestamp(3)
      AND q.outcome IN ('unanswered', 'escalated') AND u."departmentId" IS NOT NULL
    GROUP BY 1, 2`;
}

export interface KnowledgeGap {
  text: string;
  asked: number;
}

/** The most asked gaps over some departments (all when `departmentIds` is undefined); ties by text. */
export function topGaps(rows: readonly GapRow[], departmentIds: ReadonlySet<string> | undefined, limit: number): KnowledgeGap[] {
  const merged = new Map<string, KnowledgeGap & { first: string }>();
  for (const row of rows) {
    if (departmentIds && !departmentIds.has(row.departmentId)) continue;
    const gap = merged.get(row.normalized);
    if (gap) gap.asked += row.asked;
    else merged.set(row.normalized, { text: row.text, asked: row.asked, first: row.normalized });
  }
  return [...merged.values()]
    .sort((a, b) => b.asked - a.asked || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))
    .slice(0, limit)
    .map(({ text, asked }) => ({ text, asked }));
}

export interface NotYetActiveRow {
  id: string;
  departmentId: string;
  managerId: string | null;
  name: string;
  email: string | null;
}

/** Rostered people of the departments with no usage of the system up to the end of the week (UsageWeek rollup). */
export async function notYetActive(db: Db, tenantId: string, week: Week, departmentIds: string[]): Promise<NotYetActiveRow[]> {
  if (departmentIds.length === 0) return [];
  return db.$queryRaw<NotYetActiveRow[]>`
    SELECT u.id, u."departmentId" AS "departmentId", u."managerId" AS "managerId",
      coalesce(nullif(u."displayName", ''), u.email, u.id) AS name, u.email
    FROM "User" u
    WHERE u."tenantId" = ${tenantId} AND u."departmentId" = ANY(${departmentIds}::text[])
      AND NOT EXISTS (
        SELECT 1 FROM "UsageWeek" w WHERE w."tenantId" = ${tenantId} AND w."userId" = u.id AND w."weekStart" <= ${week.start}::date)
    ORDER BY name, u.id`;
}
