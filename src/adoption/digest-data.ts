/**
 * What goes into each weekly digest, for every recipient of a tenant at once.
 *
 * Recipients: every manager of rostered people (their departments are the
 * departments of their direct reports) and the project sponsors named in the
 * tenant's settings (`adoption.sponsorEmails`), who get every department. A
 * sponsor who also manages people gets only the sponsor version.
 *
 * Cost: one metrics computation for the tenant (8 weeks), one query for the
 * knowledge gaps by department, one for the people not using the system yet
 * and one champions call; each recipient's digest is then cut from those in
 * memory, so a tenant with thousands of managers costs a handful of queries.
 */
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Lang, Role } from '../knowledge/types.js';
import { langFromLocale } from '../bot/core/language.js';
import { computeTenantMetrics, figuresOf, scopeKey, emptyFigures, type TenantMetrics, type WeekFigures } from './metrics.js';
import type { ChartPoint } from './digest-chart.js';
import { allowsPersonBreakdown } from './privacy.js';
import { recognitionChampions, type WeeklyChampion, type WeeklyChampions } from './champion-source.js';
import { gapsByDepartment, notYetActive, topGaps, type GapRow, type KnowledgeGap, type NotYetActiveRow } from './gaps.js';
import { weeksEndingWith, type Week } from './weeks.js';

export const CHART_WEEKS = 8;
export const TOP_GAPS = 3;

export interface DigestRecipient {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  kind: 'manager' | 'sponsor';
  lang: Lang;
  timezone: string;
  departmentIds: string[];
}

export interface NotYetActive {
  count: number;
  /** Names the recipient may see: only their own reports, and only in departments of 5 or more. */
  names: string[];
  /** True when the department is under 5 people: figures only. */
  smallDepartment: boolean;
}

export interface DepartmentDigest {
  id: string;
  name: string;
  current: WeekFigures;
  previous: WeekFigures;
  notYetActive: NotYetActive;
}

export interface DigestData {
  tenantId: string;
  recipient: DigestRecipient;
  week: Week;
  /** All the recipient's departments together. */
  total: { current: WeekFigures; previous: WeekFigures };
  departments: DepartmentDigest[];
  chart: ChartPoint[];
  chartWeeks: string[];
  gaps: KnowledgeGap[];
  champions: WeeklyChampion[];
}

const tenantSettings = z.looseObject({
  adoption: z.looseObject({ sponsorEmails: z.array(z.string()).default([]) }).optional(),
});

export async function digestRecipients(db: Db, tenantId: string): Promise<DigestRecipient[]> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true, timezone: true, defaultLocale: true } });
  const parsed = tenantSettings.safeParse(tenant.settings);
  const sponsorEmails = new Set((parsed.success ? (parsed.data.adoption?.sponsorEmails ?? []) : []).map((e) => e.toLowerCase()));
  // One statement: each manager of rostered people with their reports' departments, plus the sponsors.
  const rows = await db.$queryRaw<
    { id: string; name: string; email: string | null; role: Role; locale: string | null; platformLocale: string | null; timezone: string | null; departmentIds: string[] | null; sponsor: boolean }[]
  >`
    WITH managed AS (
      SELECT r."managerId" AS id, array_agg(DISTINCT r."departmentId" ORDER BY r."departmentId") AS "departmentIds"
      FROM "User" r WHERE r."tenantId" = ${tenantId} AND r."managerId" IS NOT NULL AND r."departmentId" IS NOT NULL
      GROUP BY r."managerId"),
    sponsors AS (
      SELECT DISTINCT ON (lower(s.email)) s.id FROM "User" s
      WHERE s."tenantId" = ${tenantId} AND lower(s.email) = ANY(${[...sponsorEmails]}::text[])
      ORDER BY lower(s.email), s."createdAt", s.id)
    SELECT u.id, u."displayName" AS name, u.email, u.role, u.locale, u."platformLocale" AS "platformLocale", u.timezone,
      m."departmentIds" AS "departmentIds", (sp.id IS NOT NULL) AS sponsor
    FROM "User" u LEFT JOIN managed m ON m.id = u.id LEFT JOIN sponsors sp ON sp.id = u.id
    WHERE u."tenantId" = ${tenantId} AND (m.id IS NOT NULL OR sp.id IS NOT NULL)
    ORDER BY u.id`;
  const allDepartments = rows.some((r) => r.sponsor)
    ? (await db.department.findMany({ where: { tenantId }, select: { id: true }, orderBy: { name: 'asc' } })).map((d) => d.id)
    : [];
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email,
    role: p.role,
    kind: p.sponsor ? 'sponsor' : 'manager',
    lang: langFromLocale(p.locale) ?? langFromLocale(p.platformLocale) ?? langFromLocale(tenant.defaultLocale) ?? 'en',
    timezone: p.timezone ?? tenant.timezone,
    departmentIds: p.sponsor ? allDepartments : (p.departmentIds ?? []),
  }));
}

export interface BuildOptions {
  champions?: WeeklyChampions;
  /** Only these recipients (e.g. one time zone, or one manager); default every recipient. */
  recipients?: DigestRecipient[];
}

/** Every recipient's digest for the week starting `weekStart` (tenant time zone). */
export async function buildDigests(db: Db, tenantId: string, weekStart: string, options: BuildOptions = {}): Promise<DigestData[]> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } });
  const recipients = options.recipients ?? (await digestRecipients(db, tenantId));
  if (recipients.length === 0) return [];
  const weeks = weeksEndingWith(weekStart, CHART_WEEKS, tenant.timezone);
  const week = weeks.at(-1)!;
  const wanted = [...new Set(recipients.flatMap((r) => r.departmentIds))];
  const [metrics, gapRows, inactive, champions] = await Promise.all([
    computeTenantMetrics(db, tenantId, weeks, { detailWeeks: 2 }),
    gapsByDepartment(db, tenantId, week),
    notYetActive(db, tenantId, week, wanted),
    (options.champions ?? recognitionChampions)(db, tenantId, wanted, weekStart),
  ]);
  const inactiveByDepartment = new Map<string, NotYetActiveRow[]>();
  for (const person of inactive) {
    const list = inactiveByDepartment.get(person.departmentId);
    if (list) list.push(person);
    else inactiveByDepartment.set(person.departmentId, [person]);
  }
  return recipients.map((recipient) => cut(metrics, recipient, week, weeks, gapRows, inactiveByDepartment, champions));
}

function cut(
  metrics: TenantMetrics,
  recipient: DigestRecipient,
  week: Week,
  weeks: Week[],
  gapRows: GapRow[],
  inactive: Map<string, NotYetActiveRow[]>,
  champions: WeeklyChampion[],
): DigestData {
  const previousStart = weeks.at(-2)?.start ?? '';
  const mine = new Set(recipient.departmentIds);
  const departments = recipient.departmentIds
    .map((id) => ({ id, scope: metrics.scopes.get(scopeKey('department', id)) }))
    .filter((d) => d.scope)
    .map(({ id, scope }): DepartmentDigest => {
      const current = figuresOf(metrics, scopeKey('department', id), week.start);
      const people = inactive.get(id) ?? [];
      const smallDepartment = !allowsPersonBreakdown(current.rostered);
      return {
        id,
        name: scope!.name,
        current,
        previous: figuresOf(metrics, scopeKey('department', id), previousStart),
        notYetActive: {
          count: people.length,
          names: smallDepartment ? [] : people.filter((p) => p.managerId === recipient.id).map((p) => p.name),
          smallDepartment,
        },
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const isAll = recipient.kind === 'sponsor';
  const totalOf = (start: string) => totalFigures(metrics, recipient, start);
  return {
    tenantId: metrics.tenantId,
    recipient,
    week,
    total: { current: totalOf(week.start), previous: totalOf(previousStart) },
    departments,
    chart: chartOf(metrics, recipient),
    chartWeeks: weeks.map((w) => w.label),
    gaps: topGaps(gapRows, isAll ? undefined : mine, TOP_GAPS),
    champions: champions.filter((c) => mine.has(c.departmentId)).slice(0, 5),
  };
}

/** The chart alone (the served image): the same weeks and totals as the digest. */
export async function digestChart(db: Db, tenantId: string, recipient: DigestRecipient, weekStart: string): Promise<ChartPoint[]> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } });
  return chartOf(await computeTenantMetrics(db, tenantId, weeksEndingWith(weekStart, CHART_WEEKS, tenant.timezone), { detailWeeks: 0 }), recipient);
}

function chartOf(metrics: TenantMetrics, recipient: DigestRecipient): ChartPoint[] {
  return metrics.weeks.map((w) => {
    const f = totalFigures(metrics, recipient, w.start);
    return { activeUsers: f.systemActive, rostered: f.rostered, coverage: f.coverage };
  });
}

/** The sponsor's total is the tenant's; a manager's is the sum of their departments. */
function totalFigures(metrics: TenantMetrics, recipient: DigestRecipient, weekStart: string): WeekFigures {
  if (recipient.kind === 'sponsor') return figuresOf(metrics, 'tenant', weekStart);
  return sumFigures(recipient.departmentIds.map((id) => figuresOf(metrics, scopeKey('department', id), weekStart)));
}

/** Several departments as one: counts add up, rates are recomputed from the sums, medians are not additive and stay empty. */
function sumFigures(list: WeekFigures[]): WeekFigures {
  const total = emptyFigures(0);
  for (const f of list) {
    total.rostered += f.rostered;
    total.systemActive += f.systemActive;
    total.botActive += f.botActive;
    total.questions += f.questions;
    total.selfServed += f.selfServed;
    total.feedback += f.feedback;
    total.helpful += f.helpful;
    total.escalations += f.escalations;
    total.surveyInvites += f.surveyInvites;
    total.surveyResponses += f.surveyResponses;
  }
  const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
  total.coverage = rate(total.systemActive, total.rostered);
  total.questionsPerActiveUser = total.botActive > 0 ? Math.round((total.questions / total.botActive) * 100) / 100 : null;
  total.selfServiceRate = rate(total.selfServed, total.questions);
  total.helpfulRate = rate(total.helpful, total.feedback);
  total.surveyResponseRate = rate(total.surveyResponses, total.surveyInvites);
  return total;
}
