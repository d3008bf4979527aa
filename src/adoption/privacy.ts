/**
 * Who may see what of a person's usage.
 *
 *  1. Per-person usage (their weekly activity, whether they have used the
 *     system yet) is visible to the person, their own manager and admins.
 *  2. A department of fewer than 5 rostered people shows figures only: no
 *     names, no per-person breakdown, to anyone (a list of 3 would point at
 *     individuals, and small teams are where pressure to conform is highest).
 *
 * The digest and the CLI both ask here, so the rules live in one place.
 */
import type { Db } from '../db/client.js';
import type { Role } from '../knowledge/types.js';
import { HypercareError } from '../bot/core/errors.js';
import { sqlTime } from './metrics.js';
import type { Week } from './weeks.js';

export const MIN_BREAKDOWN_SIZE = 5;

export interface Viewer {
  id: string;
  role: Role;
}

export interface Person {
  id: string;
  managerId: string | null;
}

export function canSeePersonUsage(viewer: Viewer, person: Person): boolean {
  return viewer.role === 'admin' || viewer.id === person.id || (person.managerId !== null && person.managerId === viewer.id);
}

/** Whether a department of this size may show anything per person. */
export function allowsPersonBreakdown(rosteredInDepartment: number): boolean {
  return rosteredInDepartment >= MIN_BREAKDOWN_SIZE;
}

export interface PersonWeek {
  week: string;
  usageEvents: number;
  questions: number;
}

/** One person's activity per week, for the person, their manager or an admin; anyone else gets `unauthorized`. */
export async function personUsage(db: Db, tenantId: string, viewerId: string, personId: string, weeks: Week[]): Promise<PersonWeek[]> {
  const [viewer, person] = await Promise.all([
    db.user.findFirst({ where: { id: viewerId, tenantId }, select: { id: true, role: true } }),
    db.user.findFirst({ where: { id: personId, tenantId }, select: { id: true, managerId: true } }),
  ]);
  if (!viewer || !person) throw new HypercareError('not_found', 'no such person in this tenant');
  if (!canSeePersonUsage(viewer, person)) {
    throw new HypercareError('unauthorized', "a person's usage is visible only to them, their manager and admins");
  }
  const starts = weeks.map((w) => w.start);
  const froms = weeks.map((w) => sqlTime(w.from));
  const tos = weeks.map((w) => sqlTime(w.to));
  return db.$queryRaw<PersonWeek[]>`
    SELECT w.week,
      (SELECT count(*) FROM "UsageEvent" e WHERE e."tenantId" = ${tenantId} AND e."userId" = ${personId} AND e."occurredAt" >= w.f AND e."occurredAt" < w.t)::int AS "usageEvents",
      (SELECT count(*) FROM "Question" q WHERE q."tenantId" = ${tenantId} AND q."userId" = ${personId} AND q."createdAt" >= w.f AND q."createdAt" < w.t)::int AS questions
    FROM unnest(${starts}::text[], ${froms}::timestamp(3)[], ${tos}::timestamp(3)[]) WITH ORDINALITY AS w(week, f, t, n)
    ORDER BY w.n`;
}
