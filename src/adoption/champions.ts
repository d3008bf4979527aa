/**
 * Champion scores, computed in PostgreSQL in one statement.
 *
 * A champion is someone who helps peers: a "Thanks" on an answer they gave,
 * an explicit recognition from a colleague, or (for people with the champion
 * role) claiming an escalated question. Only people with at least one such
 * helpful act in the window are ranked; their activity (days they used the
 * bot or the rolled-out system, at most 5 a week) and survey participation add
 * to their score. Heavy users who help nobody are not champions.
 *
 * Anti-gaming limits are applied here, not only when recognitions are given,
 * so rows written any other way cannot inflate a score either:
 *   - no self-credit (giver = receiver; claiming one's own escalated question),
 *   - at most THANKS_PER_GIVER_PER_DAY recognitions per giver per local day,
 *   - at most THANKS_PER_PAIR_PER_WEEK from one giver to one receiver per local week.
 * Days and weeks are the tenant's (Tenant.timezone), weeks start on Monday.
 */
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import { sqlTime } from './metrics.js';
import { weekOf } from './weeks.js';
import type { WeeklyChampion, WeeklyChampions } from './champion-source.js';

type Reader = Pick<Db, '$queryRaw'> | Prisma.TransactionClient;

export const THANKS_PER_GIVER_PER_DAY = 5;
export const THANKS_PER_PAIR_PER_WEEK = 2;
/** Activity counts at most this many days in one week. */
export const ACTIVE_DAYS_PER_WEEK = 5;

/** Recognition kinds that are one colleague crediting another (limited as above). */
export const PEER_KINDS = ['thanks', 'recognize'] as const;
export type PeerKind = (typeof PEER_KINDS)[number];

export const POINTS = {
  /** A "Thanks"/"This helped" on an answer the person gave. */
  thanks: 3,
  /** `recognize @person for …`. */
  recognitions: 2,
  /** A champion claiming an escalated question of someone else. */
  claims: 3,
  /** Each active day (bot question or use of the rolled-out system), at most 5 a week. */
  activeDays: 1,
  /** Each survey answered. */
  surveys: 2,
} as const;

export type ReasonKind = keyof typeof POINTS;
export const REASON_KINDS = Object.keys(POINTS) as ReasonKind[];

export interface ChampionReason {
  kind: ReasonKind;
  count: number;
  points: number;
}

export interface ChampionScore {
  userId: string;
  displayName: string;
  departmentId: string | null;
  score: number;
  /** What the score is made of, only the parts that are not zero, biggest first. */
  reasons: ChampionReason[];
  /** The person asked not to be recognised publicly (leaderboards, announcements). */
  publicRecognitionOptOut: boolean;
}

export interface ScoreQuery {
  tenantId: string;
  from: Date;
  to: Date;
  /** Only people of these departments; undefined = the whole tenant. */
  departmentIds?: readonly string[];
  /** Leave out people who opted out of public recognition. */
  publicOnly?: boolean;
  limit?: number;
}

interface ScoreRow {
  userId: string;
  displayName: string;
  departmentId: string | null;
  recognitionOptOut: boolean;
  thanks: number;
  recognitions: number;
  claims: number;
  activeDays: number;
  surveys: number;
  score: number;
}

const WEEK_MS = 7 * 86_400_000;

/** Ranked champions of a period, best first (ties: more thanks, then name). */
export async function championScores(db: Reader, query: ScoreQuery): Promise<ChampionScore[]> {
  const { tenantId, from, to } = query;
  const allDepartments = query.departmentIds === undefined;
  const departmentIds = [...(query.departmentIds ?? [])];
  // Limits rank a giver's recognitions within a day and a week: look back far enough to see the week's earlier ones.
  const lookback = new Date(from.getTime() - WEEK_MS);
  const rows = await db.$queryRaw<ScoreRow[]>`
    WITH tenant AS (SELECT "timezone" AS tz FROM "Tenant" WHERE "id" = ${tenantId}),
    peer AS (
      SELECT r."id", r."giverId", r."receiverId", r."kind", r."createdAt",
             (r."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE tenant.tz AS local_at
      FROM "Recognition" r CROSS JOIN tenant
      JOIN "User" g ON g."id" = r."giverId" AND g."tenantId" = ${tenantId}
      WHERE r."tenantId" = ${tenantId} AND r."kind" IN ('thanks', 'recognize')
        AND r."giverId" <> r."receiverId"
        AND r."createdAt" >= ${sqlTime(lookback)}::timestamp(3) AND r."createdAt" < ${sqlTime(to)}::timestamp(3)
    ),
    allowed AS (
      SELECT * FROM (
        SELECT peer.*,
          row_number() OVER (PARTITION BY "giverId", local_at::date ORDER BY "createdAt", "id") AS day_rank,
          row_number() OVER (PARTITION BY "giverId", "receiverId", date_trunc('week', local_at) ORDER BY "createdAt", "id") AS pair_rank
        FROM peer
      ) ranked
      WHERE day_rank <= ${THANKS_PER_GIVER_PER_DAY} AND pair_rank <= ${THANKS_PER_PAIR_PER_WEEK} AND "createdAt" >= ${sqlTime(from)}::timestamp(3)
    ),
    helpful AS (
      SELECT "receiverId" AS person,
             count(*) FILTER (WHERE "kind" = 'thanks')::int AS thanks,
             count(*) FILTER (WHERE "kind" = 'recognize')::int AS recognitions
      FROM allowed GROUP BY "receiverId"
    ),
    claims AS (
      SELECT e."userId" AS person, count(DISTINCT e."data"->>'escalationId')::int AS claims
      FROM "AdoptionEvent" e
      JOIN "User" c ON c."id" = e."userId" AND c."tenantId" = ${tenantId} AND c."role" = 'champion'
      LEFT JOIN "Escalation" x ON x."id" = e."data"->>'escalationId' AND x."tenantId" = ${tenantId}
      WHERE e."tenantId" = ${tenantId} AND e."kind" = 'escalation_claimed'
        AND e."occurredAt" >= ${sqlTime(from)}::timestamp(3) AND e."occurredAt" < ${sqlTime(to)}::timestamp(3)
        AND x."requesterId" IS DISTINCT FROM e."userId"
      GROUP BY e."userId"
    ),
    people AS (
      SELECT u."id" AS person, u."displayName", u."departmentId", u."recognitionOptOut",
             coalesce(h.thanks, 0) AS thanks, coalesce(h.recognitions, 0) AS recognitions, coalesce(c.claims, 0) AS claims
      FROM helpful h FULL JOIN claims c ON c.person = h.person
      JOIN "User" u ON u."id" = coalesce(h.person, c.person) AND u."tenantId" = ${tenantId}
      WHERE (${allDepartments} OR u."departmentId" = ANY(${departmentIds}::text[]))
        AND (NOT ${query.publicOnly ?? false} OR NOT u."recognitionOptOut")
    ),
    active_days AS (
      SELECT q."userId" AS person, ((q."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE tenant.tz)::date AS day
      FROM "Question" q CROSS JOIN tenant JOIN people p ON p.person = q."userId"
      WHERE q."tenantId" = ${tenantId} AND q."createdAt" >= ${sqlTime(from)}::timestamp(3) AND q."createdAt" < ${sqlTime(to)}::timestamp(3)
      UNION
      SELECT ue."userId", ((ue."occurredAt" AT TIME ZONE 'UTC') AT TIME ZONE tenant.tz)::date
      FROM "UsageEvent" ue CROSS JOIN tenant JOIN people p ON p.person = ue."userId"
      WHERE ue."tenantId" = ${tenantId} AND ue."occurredAt" >= ${sqlTime(from)}::timestamp(3) AND ue."occurredAt" < ${sqlTime(to)}::timestamp(3)
    ),
    activity AS (
      SELECT person, sum(LEAST(days, ${ACTIVE_DAYS_PER_WEEK}))::int AS active_days FROM (
        SELECT person, count(*) AS days FROM active_days GROUP BY person, date_trunc('week', day::timestamp)
      ) weekly GROUP BY person
    ),
    surveys AS (
      SELECT e."userId" AS person, count(DISTINCT coalesce(e."data"->>'runId', e."id"::text))::int AS surveys
      FROM "AdoptionEvent" e JOIN people p ON p.person = e."userId"
      WHERE e."tenantId" = ${tenantId} AND e."kind" = 'survey_answered' AND e."occurredAt" >= ${sqlTime(from)}::timestamp(3) AND e."occurredAt" < ${sqlTime(to)}::timestamp(3)
      GROUP BY e."userId"
    ),
    scored AS (
      SELECT p.person AS "userId", p."displayName", p."departmentId", p."recognitionOptOut",
             p.thanks, p.recognitions, p.claims,
             coalesce(a.active_days, 0) AS "activeDays", coalesce(s.surveys, 0) AS surveys
      FROM people p LEFT JOIN activity a ON a.person = p.person LEFT JOIN surveys s ON s.person = p.person
    )
    SELECT *, (thanks * ${POINTS.thanks} + recognitions * ${POINTS.recognitions} + claims * ${POINTS.claims}
               + "activeDays" * ${POINTS.activeDays} + surveys * ${POINTS.surveys})::int AS score
    FROM scored
    ORDER BY score DESC, thanks DESC, "displayName", "userId"
    LIMIT ${query.limit ?? 1000}`;
  return rows.map(toScore);
}

function toScore(row: ScoreRow): ChampionScore {
  const reasons = REASON_KINDS.map((kind) => ({ kind, count: Number(row[kind]), points: Number(row[kind]) * POINTS[kind] }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.points - a.points);
  return {
    userId: row.userId,
    displayName: row.displayName,
    departmentId: row.departmentId,
    score: Number(row.score),
    reasons,
    publicRecognitionOptOut: row.recognitionOptOut,
  };
}

/**
 * This week's champions to thank, for the managers' weekly digest: people of
 * `departmentIds` (pass every department for the sponsor's version; an empty
 * list gives nobody), ranked, for the 7 days from `weekStart`. People who
 * opted out of public recognition are included (the digest is private to the
 * manager) and flagged with publicRecognitionOptOut.
 */
export async function weeklyChampions(db: Reader, tenantId: string, departmentIds: string[], weekStart: Date, limit = 5): Promise<ChampionScore[]> {
  if (departmentIds.length === 0) return [];
  return championScores(db, { tenantId, from: weekStart, to: new Date(weekStart.getTime() + WEEK_MS), departmentIds, limit });
}

/** Champions each department's digest names at most. */
const DIGEST_PER_DEPARTMENT = 3;

/**
 * The weekly digest's champion source (the shape of src/adoption/champion-source.ts):
 * the week's champions of `departmentIds`, best first, at most 3 per department,
 * people who opted out of public recognition left out. `thanks` counts the
 * helpful acts (thanks, recognitions, claimed questions); score and reasons
 * come along for a richer rendering.
 */
export const digestChampions: WeeklyChampions = async (db, tenantId, departmentIds, weekStart) => {
  if (departmentIds.length === 0) return [];
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } });
  const week = weekOf(weekStart, tenant.timezone);
  const scores = await championScores(db, { tenantId, from: week.from, to: week.to, departmentIds, publicOnly: true });
  const perDepartment = new Map<string, number>();
  const picked: (WeeklyChampion & Pick<ChampionScore, 'score' | 'reasons'>)[] = [];
  for (const s of scores) {
    const departmentId = s.departmentId!;
    const taken = perDepartment.get(departmentId) ?? 0;
    if (taken >= DIGEST_PER_DEPARTMENT) continue;
    perDepartment.set(departmentId, taken + 1);
    const helpful = s.reasons.filter((r) => r.kind === 'thanks' || r.kind === 'recognitions' || r.kind === 'claims').reduce((n, r) => n + r.count, 0);
    picked.push({ userId: s.userId, name: s.displayName, departmentId, thanks: helpful, score: s.score, reasons: s.reasons });
  }
  return picked;
};
