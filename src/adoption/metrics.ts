/**
 * Adoption metrics of one tenant, per ISO week, for the whole tenant, each
 * department and each go-live wave, computed in PostgreSQL.
 *
 * The population is the roster: people with a department. Each query reads a
 * span of weeks at once and groups with GROUPING SETS, so the whole tenant,
 * every department and every wave come out of one scan; the weekly digest of
 * every manager is then cut from one computation (see digest-data.ts)
 * instead of one query per manager. Definitions (docs/adoption.md):
 *
 *   systemActive   people with at least one UsageEvent in the week (UsageWeek rollup)
 *   botActive      people who asked, gave feedback or have an adoption event
 *   coverage       systemActive / rostered
 *   questionsPerActiveUser  questions / botActive
 *   selfServiceRate  questions answered by the bot and never escalated / questions
 *   helpfulRate    "helpful" feedback / all feedback, on the week's questions
 *   escalation times  median minutes from creation to claim / to resolution,
 *                  CSAT the mean 1-5 rating, all of escalations created that week
 *   surveyResponseRate  invites sent that week that were answered / sent
 *   nps            % promoters (9-10) − % detractors (0-6) of NPS answers
 *                  submitted that week; null below 5 answers (anonymity)
 */
import type { Db } from '../db/client.js';
import { MIN_GROUP_SIZE } from '../surveys/results.js';
import type { Week } from './weeks.js';

export type ScopeKind = 'tenant' | 'department' | 'wave';

export interface WeekFigures {
  rostered: number;
  systemActive: number;
  botActive: number;
  coverage: number | null;
  questions: number;
  selfServed: number;
  questionsPerActiveUser: number | null;
  selfServiceRate: number | null;
  feedback: number;
  helpful: number;
  helpfulRate: number | null;
  escalations: number;
  medianMinutesToClaim: number | null;
  medianMinutesToResolve: number | null;
  csatResponses: number;
  csat: number | null;
  surveyInvites: number;
  surveyResponses: number;
  surveyResponseRate: number | null;
  npsAnswers: number;
  nps: number | null;
}

export interface ScopeMetrics {
  kind: ScopeKind;
  /** Department or wave id; "" for the tenant. */
  id: string;
  name: string;
  byWeek: Map<string, WeekFigures>;
}

export interface TenantMetrics {
  tenantId: string;
  weeks: Week[];
  scopes: Map<string, ScopeMetrics>;
}

export function scopeKey(kind: ScopeKind, id = ''): string {
  return kind === 'tenant' ? 'tenant' : `${kind}:${id}`;
}

/** Figures of a scope in a week; a week without activity reads as zeros (with the roster size). */
export function figuresOf(metrics: TenantMetrics, key: string, weekStart: string): WeekFigures {
  return metrics.scopes.get(key)?.byWeek.get(weekStart) ?? emptyFigures(0);
}

/** Raw grouped row: g = GROUPING(department, wave): 3 tenant, 1 department, 2 wave. */
interface GroupRow {
  week?: string;
  dept: string | null;
  wave: string | null;
  g: number;
}

export interface MetricsOptions {
  /**
   * Compute everything only for the last N weeks; earlier weeks get the roster
   * and system usage alone (what a trend chart needs). Default: every week.
   */
  detailWeeks?: number;
}

export async function computeTenantMetrics(db: Db, tenantId: string, weeks: Week[], options: MetricsOptions = {}): Promise<TenantMetrics> {
  const usageStarts = weeks.map((w) => w.start);
  const detail = options.detailWeeks === undefined ? weeks : weeks.slice(-options.detailWeeks);
  const starts = detail.map((w) => w.start);
  const froms = detail.map((w) => sqlTime(w.from));
  const tos = detail.map((w) => sqlTime(w.to));
  const [departments, waves, roster, systemActive, botActive, questions, escalations, surveys, nps] = await Promise.all([
    db.department.findMany({ where: { tenantId }, select: { id: true, name: true } }),
    db.rolloutWave.findMany({ where: { tenantId }, select: { id: true, name: true } }),
    db.$queryRaw<(GroupRow & { n: number })[]>`
      SELECT u."departmentId" AS dept, u."waveId" AS wave, GROUPING(u."departmentId", u."waveId")::int AS g, count(*)::int AS n
      FROM "User" u WHERE u."tenantId" = ${tenantId} AND u."departmentId" IS NOT NULL
      GROUP BY GROUPING SETS ((), (u."departmentId"), (u."waveId"))`,
    // Read from the UsageWeek rollup (see usage.ts): people per week, not millions of events.
    db.$queryRaw<(GroupRow & { n: number })[]>`
      SELECT to_char(a."weekStart", 'YYYY-MM-DD') AS week, u."departmentId" AS dept, u."waveId" AS wave,
        GROUPING(u."departmentId", u."waveId")::int AS g, count(*)::int AS n
      FROM "UsageWeek" a JOIN "User" u ON u.id = a."userId"
      WHERE a."tenantId" = ${tenantId} AND a."weekStart" = ANY(${usageStarts}::date[]) AND u."tenantId" = ${tenantId} AND u."departmentId" IS NOT NULL
      GROUP BY GROUPING SETS ((a."weekStart"), (a."weekStart", u."departmentId"), (a."weekStart", u."waveId"))`,
    db.$queryRaw<(GroupRow & { n: number })[]>`
      WITH w AS (SELECT * FROM unnest(${starts}::text[], ${froms}::timestamp(3)[], ${tos}::timestamp(3)[]) AS w(week, f, t)),
      a AS (
        SELECT w.week, q."userId" FROM w JOIN "Question" q ON q."tenantId" = ${tenantId} AND q."createdAt" >= w.f AND q."createdAt" < w.t
        UNION
        SELECT w.week, f."userId" FROM w JOIN "Feedback" f ON f."tenantId" = ${tenantId} AND f."createdAt" >= w.f AND f."createdAt" < w.t
        UNION
        SELECT w.week, ev."userId" FROM w JOIN "AdoptionEvent" ev ON ev."tenantId" = ${tenantId} AND ev."occurredAt" >= w.f AND ev."occurredAt" < w.t
        WHERE ev."userId" IS NOT NULL)
      SELECT a.week, u."departmentId" AS dept, u."waveId" AS wave, GROUPING(u."departmentId", u."waveId")::int AS g, count(*)::int AS n
      FROM a JOIN "User" u ON u.id = a."userId"
      WHERE u."tenantId" = ${tenantId} AND u."departmentId" IS NOT NULL
      GROUP BY GROUPING SETS ((a.week), (a.week, u."departmentId"), (a.week, u."waveId"))`,
    db.$queryRaw<(GroupRow & { questions: number; selfServed: number; feedback: number; helpful: number })[]>`
      WITH w AS (SELECT * FROM unnest(${starts}::text[], ${froms}::timestamp(3)[], ${tos}::timestamp(3)[]) AS w(week, f, t)),
      q AS (
        SELECT w.week, q."userId",
          (q.outcome = 'answered' AND NOT EXISTS (SELECT 1 FROM "Escalation" x WHERE x."questionId" = q.id)) AS self_served,
          (SELECT count(*) FROM "Feedback" fb WHERE fb."questionId" = q.id) AS feedback,
          (SELECT count(*) FROM "Feedback" fb WHERE fb."questionId" = q.id AND fb.helpful) AS helpful
        FROM w JOIN "Question" q ON q."tenantId" = ${tenantId} AND q."createdAt" >= w.f AND q."createdAt" < w.t)
      SELECT q.week, u."departmentId" AS dept, u."waveId" AS wave, GROUPING(u."departmentId", u."waveId")::int AS g,
        count(*)::int AS questions, (count(*) FILTER (WHERE q.self_served))::int AS "selfServed",
        sum(q.feedback)::int AS feedback, sum(q.helpful)::int AS helpful
      FROM q JOIN "User" u ON u.id = q."userId"
      WHERE u."tenantId" = ${tenantId} AND u."departmentId" IS NOT NULL
      GROUP BY GROUPING SETS ((q.week), (q.week, u."departmentId"), (q.week, u."waveId"))`,
    db.$queryRaw<(GroupRow & { escalations: number; claim: number | null; resolve: number | null; csatN: number; csat: number | null })[]>`
      WITH w AS (SELECT * FROM unnest(${starts}::text[], ${froms}::timestamp(3)[], ${tos}::timestamp(3)[]) AS w(week, f, t)),
      x AS (
        SELECT w.week, x."requesterId",
          extract(epoch FROM x."claimedAt" - x."createdAt") / 60 AS claim,
          extract(epoch FROM x."resolvedAt" - x."createdAt") / 60 AS resolve,
          x.csat
        FROM w JOIN "Escalation" x ON x."tenantId" = ${tenantId} AND x."createdAt" >= w.f AND x."createdAt" < w.t)
      SELECT x.week, u."departmentId" AS dept, u."waveId" AS wave, GROUPING(u."departmentId", u."waveId")::int AS g,
        count(*)::int AS escalations,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY x.claim))::float8 AS claim,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY x.resolve))::float8 AS resolve,
        count(x.csat)::int AS "csatN", avg(x.csat)::float8 AS csat
      FROM x JOIN "User" u ON u.id = x."requesterId"
      WHERE u."tenantId" = ${tenantId} AND u."departmentId" IS NOT NULL
      GROUP BY GROUPING SETS ((x.week), (x.week, u."departmentId"), (x.week, u."waveId"))`,
    db.$queryRaw<(GroupRow & { invites: number; responded: number })[]>`
      WITH w AS (SELECT * FROM unnest(${starts}::text[], ${froms}::timestamp(3)[], ${tos}::timestamp(3)[]) AS w(week, f, t))
      SELECT w.week, u."departmentId" AS dept, u."waveId" AS wave, GROUPING(u."departmentId", u."waveId")::int AS g,
        count(*)::int AS invites, count(i."respondedAt")::int AS responded
      FROM w JOIN "SurveyInvite" i ON i."tenantId" = ${tenantId} AND i."sentAt" >= w.f AND i."sentAt" < w.t
      JOIN "User" u ON u.id = i."userId"
      WHERE u."tenantId" = ${tenantId} AND u."departmentId" IS NOT NULL
      GROUP BY GROUPING SETS ((w.week), (w.week, u."departmentId"), (w.week, u."waveId"))`,
    // Anonymous responses carry no user, only the department and wave names copied at answer time.
    db.$queryRaw<(GroupRow & { n: number; promoters: number; detractors: number })[]>`
      WITH w AS (SELECT * FROM unnest(${starts}::text[], ${froms}::timestamp(3)[], ${tos}::timestamp(3)[]) AS w(week, f, t)),
      r AS (
        SELECT w.week, r.department, r.wave, (r.answers ->> nq.id)::float8 AS score
        FROM w JOIN "SurveyResponse" r ON r."tenantId" = ${tenantId} AND r."submittedAt" >= w.f AND r."submittedAt" < w.t
        JOIN "SurveyRun" run ON run.id = r."runId"
        JOIN "Survey" s ON s.id = run."surveyId" AND s."tenantId" = ${tenantId}
        CROSS JOIN LATERAL (
          SELECT q ->> 'id' AS id FROM jsonb_array_elements(CASE WHEN jsonb_typeof(s.definition -> 'questions') = 'array' THEN s.definition -> 'questions' ELSE '[]'::jsonb END) q
          WHERE q ->> 'type' = 'nps') nq
        WHERE jsonb_typeof(r.answers -> nq.id) = 'number')
      SELECT r.week, r.department AS dept, r.wave, GROUPING(r.department, r.wave)::int AS g, count(*)::int AS n,
        (count(*) FILTER (WHERE r.score >= 9))::int AS promoters, (count(*) FILTER (WHERE r.score <= 6))::int AS detractors
      FROM r GROUP BY GROUPING SETS ((r.week), (r.week, r.department), (r.week, r.wave))`,
  ]);

  const metrics: TenantMetrics = { tenantId, weeks, scopes: new Map() };
  const rosterSize = new Map<string, number>();
  for (const r of roster) {
    const key = keyOf(r);
    if (key) rosterSize.set(key, r.n);
  }
  // Every scope with people gets a row for every week, so "no activity" reads as 0, not as missing.
  const scopeNames: [string, ScopeKind, string, string][] = [
    ['tenant', 'tenant', '', ''],
    ...departments.map((d): [string, ScopeKind, string, string] => [scopeKey('department', d.id), 'department', d.id, d.name]),
    ...waves.map((w): [string, ScopeKind, string, string] => [scopeKey('wave', w.id), 'wave', w.id, w.name]),
  ];
  for (const [key, kind, id, name] of scopeNames) {
    const byWeek = new Map(weeks.map((w) => [w.start, emptyFigures(rosterSize.get(key) ?? 0)]));
    metrics.scopes.set(key, { kind, id, name, byWeek });
  }
  const at = (row: GroupRow): WeekFigures | undefined => {
    const key = keyOf(row);
    return key && row.week ? metrics.scopes.get(key)?.byWeek.get(row.week) : undefined;
  };
  for (const r of systemActive) set(at(r), (f) => (f.systemActive = r.n));
  for (const r of botActive) set(at(r), (f) => (f.botActive = r.n));
  for (const r of questions) set(at(r), (f) => Object.assign(f, { questions: r.questions, selfServed: r.selfServed, feedback: r.feedback, helpful: r.helpful }));
  for (const r of escalations) {
    set(at(r), (f) => Object.assign(f, { escalations: r.escalations, medianMinutesToClaim: r.claim, medianMinutesToResolve: r.resolve, csatResponses: r.csatN, csat: r.csat }));
  }
  for (const r of surveys) set(at(r), (f) => Object.assign(f, { surveyInvites: r.invites, surveyResponses: r.responded }));
  const deptIdByName = new Map(departments.map((d) => [d.name, d.id]));
  const waveIdByName = new Map(waves.map((w) => [w.name, w.id]));
  for (const r of nps) {
    const row = { ...r, dept: r.dept === null ? null : (deptIdByName.get(r.dept) ?? '?'), wave: r.wave === null ? null : (waveIdByName.get(r.wave) ?? '?') };
    set(at(row), (f) => {
      f.npsAnswers = r.n;
      f.nps = r.n >= MIN_GROUP_SIZE ? round(((r.promoters - r.detractors) / r.n) * 100, 1) : null;
    });
  }
  for (const scope of metrics.scopes.values()) for (const f of scope.byWeek.values()) derive(f);
  return metrics;
}

function keyOf(row: GroupRow): string | undefined {
  if (row.g === 3) return 'tenant';
  if (row.g === 1 && row.dept) return scopeKey('department', row.dept);
  if (row.g === 2 && row.wave) return scopeKey('wave', row.wave);
  return undefined;
}

function set(figures: WeekFigures | undefined, apply: (f: WeekFigures) => void): void {
  if (figures) apply(figures);
}

function derive(f: WeekFigures): void {
  f.coverage = ratio(f.systemActive, f.rostered);
  f.questionsPerActiveUser = f.botActive > 0 ? round(f.questions / f.botActive, 2) : null;
  f.selfServiceRate = ratio(f.selfServed, f.questions);
  f.helpfulRate = ratio(f.helpful, f.feedback);
  f.surveyResponseRate = ratio(f.surveyResponses, f.surveyInvites);
  if (f.medianMinutesToClaim !== null) f.medianMinutesToClaim = round(f.medianMinutesToClaim, 1);
  if (f.medianMinutesToResolve !== null) f.medianMinutesToResolve = round(f.medianMinutesToResolve, 1);
  if (f.csat !== null) f.csat = round(f.csat, 2);
}

export function emptyFigures(rostered: number): WeekFigures {
  return {
    rostered,
    systemActive: 0,
    botActive: 0,
    coverage: null,
    questions: 0,
    selfServed: 0,
    questionsPerActiveUser: null,
    selfServiceRate: null,
    feedback: 0,
    helpful: 0,
    helpfulRate: null,
    escalations: 0,
    medianMinutesToClaim: null,
    medianMinutesToResolve: null,
    csatResponses: 0,
    csat: null,
    surveyInvites: 0,
    surveyResponses: 0,
    surveyResponseRate: null,
    npsAnswers: 0,
    nps: null,
  };
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? round(part / whole, 4) : null;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** UTC wall-clock text for a timestamp(3) column, so the session's TimeZone cannot shift it. */
export function sqlTime(instant: Date): string {
  return instant.toISOString().replace('Z', '');
}
