/**
 * Every metric table as CSV (`metrics export <table> [--week]`), for
 * spreadsheets and BI tools. Tables:
 *
 *   tenant | departments | waves   one row per scope: every figure of the week,
 *                                  last week's, and the change
 *   knowledge-gaps                 unanswered questions by department, most asked first
 *   not-yet-active                 rostered people without any usage yet; a
 *                                  department under 5 people shows only its count
 *
 * The export is an admin's tool (it runs with database access), so per-person
 * rows are allowed; the small-department rule still holds.
 */
import type { Db } from '../db/client.js';
import { HypercareError } from '../bot/core/errors.js';
import { computeTenantMetrics, figuresOf, type ScopeKind, type WeekFigures } from './metrics.js';
import { gapsByDepartment, notYetActive } from './gaps.js';
import { allowsPersonBreakdown, MIN_BREAKDOWN_SIZE } from './privacy.js';
import { weeksEndingWith } from './weeks.js';

export const EXPORT_TABLES = ['tenant', 'departments', 'waves', 'knowledge-gaps', 'not-yet-active'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export interface Table {
  columns: string[];
  rows: (string | number | null)[][];
}

const FIGURES: (keyof WeekFigures)[] = [
  'rostered',
  'systemActive',
  'coverage',
  'botActive',
  'questions',
  'questionsPerActiveUser',
  'selfServiceRate',
  'helpfulRate',
  'escalations',
  'medianMinutesToClaim',
  'medianMinutesToResolve',
  'csat',
  'surveyInvites',
  'surveyResponses',
  'surveyResponseRate',
  'npsAnswers',
  'nps',
];

export async function exportTable(db: Db, tenantId: string, table: string, weekStart: string): Promise<Table> {
  if (!(EXPORT_TABLES as readonly string[]).includes(table)) {
    throw new HypercareError('bad_request', `unknown table "${table}"; tables: ${EXPORT_TABLES.join(', ')}`);
  }
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } });
  const weeks = weeksEndingWith(weekStart, 2, tenant.timezone);
  const previous = weeks[0]!;
  const week = weeks[1]!;
  if (table === 'knowledge-gaps') {
    const departments = new Map((await db.department.findMany({ where: { tenantId }, select: { id: true, name: true } })).map((d) => [d.id, d.name]));
    const rows = (await gapsByDepartment(db, tenantId, week)).sort((a, b) => b.asked - a.asked || compare(a.normalized, b.normalized));
    return { columns: ['week', 'department', 'question', 'asked'], rows: rows.map((r) => [week.start, departments.get(r.departmentId) ?? '', r.text, r.asked]) };
  }
  const metrics = await computeTenantMetrics(db, tenantId, [previous, week]);
  if (table === 'not-yet-active') {
    const departments = [...metrics.scopes.values()].filter((s) => s.kind === 'department').sort((a, b) => compare(a.name, b.name));
    const people = await notYetActive(db, tenantId, week, departments.map((d) => d.id));
    const managers = new Map((await db.user.findMany({ where: { tenantId, reports: { some: {} } }, select: { id: true, displayName: true } })).map((m) => [m.id, m.displayName]));
    const rows: Table['rows'] = [];
    for (const d of departments) {
      const mine = people.filter((p) => p.departmentId === d.id);
      if (mine.length === 0) continue;
      if (!allowsPersonBreakdown(figuresOf(metrics, `department:${d.id}`, week.start).rostered)) {
        rows.push([week.start, d.name, `(${mine.length} people; names withheld below ${MIN_BREAKDOWN_SIZE} in a department)`, null, null]);
        continue;
      }
      for (const p of mine) rows.push([week.start, d.name, p.name, p.email, p.managerId ? (managers.get(p.managerId) ?? '') : '']);
    }
    return { columns: ['week', 'department', 'name', 'email', 'manager'], rows };
  }
  const kind: ScopeKind = table === 'tenant' ? 'tenant' : table === 'departments' ? 'department' : 'wave';
  const scopes = [...metrics.scopes.entries()].filter(([, s]) => s.kind === kind).sort(([, a], [, b]) => compare(a.name, b.name));
  return {
    columns: ['week', 'scope', 'name', ...FIGURES, ...FIGURES.map((f) => `${f}_last_week`), ...FIGURES.map((f) => `${f}_change`)],
    rows: scopes.map(([key, scope]) => {
      const now = figuresOf(metrics, key, week.start);
      const before = figuresOf(metrics, key, previous.start);
      return [
        week.start,
        kind,
        scope.name,
        ...FIGURES.map((f) => now[f]),
        ...FIGURES.map((f) => before[f]),
        ...FIGURES.map((f) => (now[f] === null || before[f] === null ? null : Math.round(((now[f] as number) - (before[f] as number)) * 10_000) / 10_000)),
      ];
    }),
  };
}

/**
 * RFC 4180 CSV. Cells that a spreadsheet would run as a formula (= + - @ at
 * the start) get a leading apostrophe: names and questions are user text.
 */
export function toCsv(table: Table): string {
  const cell = (value: string | number | null) => {
    if (value === null) return '';
    if (typeof value === 'number') return String(value);
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
