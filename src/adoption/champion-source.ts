/**
 * What the weekly digest needs from champion scoring (src/adoption/champions*.ts):
 *
 *   weeklyChampions(db, tenantId, departmentIds, weekStart) → WeeklyChampion[]
 *
 * - departmentIds: the departments the digest covers (all of the tenant's for the sponsor).
 * - weekStart: the Monday (YYYY-MM-DD, tenant time zone) of the week reported on.
 * - Returns this week's champions to thank, best first, at most a handful per
 *   department, people who opted out of recognition already left out.
 *
 * The champions feature provides the real function; digest wiring takes any
 * function of this shape. Until it is wired, `recognitionChampions` below
 * stands in: people of those departments thanked or recognised most that week.
 */
import type { Db } from '../db/client.js';
import { sqlTime } from './metrics.js';
import { weekOf } from './weeks.js';

export interface WeeklyChampion {
  userId: string;
  name: string;
  departmentId: string;
  /** What they did, in numbers the digest can show ("thanked 4 times"). */
  thanks: number;
}

export type WeeklyChampions = (db: Db, tenantId: string, departmentIds: string[], weekStart: string) => Promise<WeeklyChampion[]>;

/** Stand-in until champion scoring is wired: recognitions received in the week, top 3 per department. */
export const recognitionChampions: WeeklyChampions = async (db, tenantId, departmentIds, weekStart) => {
  if (departmentIds.length === 0) return [];
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } });
  const week = weekOf(weekStart, tenant.timezone);
  return db.$queryRaw<WeeklyChampion[]>`
    SELECT "userId", name, "departmentId", thanks FROM (
      SELECT u.id AS "userId", u."displayName" AS name, u."departmentId" AS "departmentId", count(*)::int AS thanks,
        row_number() OVER (PARTITION BY u."departmentId" ORDER BY count(*) DESC, u."displayName", u.id) AS rank
      FROM "Recognition" r JOIN "User" u ON u.id = r."receiverId" AND u."tenantId" = ${tenantId}
      WHERE r."tenantId" = ${tenantId} AND r."createdAt" >= ${sqlTime(week.from)}::timestamp(3) AND r."createdAt" < ${sqlTime(week.to)}::timestamp(3)
        AND r."giverId" IS DISTINCT FROM r."receiverId" AND NOT u."recognitionOptOut"
        AND u."departmentId" = ANY(${departmentIds}::text[])
      GROUP BY u.id) ranked
    WHERE rank <= 3
    ORDER BY thanks DESC, name, "userId"`;
};
