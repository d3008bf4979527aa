/**
 * Reads a roster CSV (one person per row) and checks everything that can be
 * checked from the file alone: email format, duplicates, roles, dates, waves
 * with two go-live dates and resident-ID checksums. Checks that need the
 * tenant's people (unknown managers, manager cycles) live in roster.ts.
 */
import { isValidTimeZone, zonedTime } from '../time/zones.js';
import { ROLES, type Role } from '../knowledge/types.js';
import { readCsvTable, type ColumnSpec, type LineProblem } from './csv-table.js';
import { residentIdProblem } from './resident-id.js';

export interface RosterEntry {
  line: number;
  /** Lower-cased: the key a person is matched by, in the file and in the tenant. */
  email: string;
  name: string;
  department: string | null;
  role: Role;
  /** As written: the manager's email or employee id; null for none. */
  manager: string | null;
  site: string | null;
  wave: string | null;
  /** YYYY-MM-DD, or null when the row leaves it to another row of the same wave. */
  goLiveDate: string | null;
  employeeId: string | null;
}

export interface ParsedRoster {
  entries: RosterEntry[];
  /** True when the file has an employee id column (an empty cell then means "none"). */
  hasEmployeeIdColumn: boolean;
  problems: LineProblem[];
}

const COLUMNS = [
  { name: 'email', aliases: ['e-mail', 'mail', '邮箱'], required: true },
  { name: 'name', aliases: ['full name', 'display name', '姓名'], required: true },
  { name: 'department', aliases: ['dept', '部门'], required: true },
  { name: 'role', aliases: ['角色'], required: true },
  { name: 'manager', aliases: ['manager email', 'manager id', '上级'], required: true },
  { name: 'site', aliases: ['location', '地点'], required: true },
  { name: 'wave', aliases: ['rollout wave', '批次'], required: true },
  { name: 'goLiveDate', aliases: ['go-live date', 'go live', 'golive', '上线日期'], required: true },
  { name: 'employeeId', aliases: ['employee id', 'employee number', 'staff id', '工号'], required: false },
  { name: 'residentId', aliases: ['resident id', 'chinese resident id', 'id number', 'id card', '身份证号', '身份证号码'], required: false },
] as const satisfies readonly ColumnSpec<string>[];

// Deliberately loose: one @, no spaces, a dot in the domain. Real deliverability is the mail system's job.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const MAX_EMAIL_LENGTH = 254;

export function parseRosterCsv(text: string, today: Date = new Date()): ParsedRoster {
  const table = readCsvTable(text, COLUMNS);
  const problems = [...table.problems];
  const entries: RosterEntry[] = [];
  const lineOfEmail = new Map<string, number>();
  const lineOfEmployeeId = new Map<string, number>();
  const waveDates = new Map<string, { date: string; line: number }>();

  for (const { line, values: v } of table.rows) {
    const report = (message: string) => problems.push({ line, message });
    const email = v.email.toLowerCase();
    if (!email) report('email is empty');
    else if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) report(`"${v.email}" is not an email address`);
    else if (lineOfEmail.has(email)) report(`duplicate email ${email} (first on line ${lineOfEmail.get(email)})`);
    else lineOfEmail.set(email, line);

    if (!v.name) report('name is empty');

    const employeeId = v.employeeId || null;
    if (employeeId) {
      const first = lineOfEmployeeId.get(employeeId);
      if (first !== undefined) report(`duplicate employee id ${employeeId} (first on line ${first})`);
      else lineOfEmployeeId.set(employeeId, line);
    }

    const role = parseRole(v.role);
    if (!role) report(`role "${v.role}" is not one of ${ROLES.join(', ')}`);

    const wave = v.wave || null;
    const goLiveDate = v.goLiveDate || null;
    if (goLiveDate && !isCalendarDate(goLiveDate)) report(`go-live date "${goLiveDate}" is not a date in the form YYYY-MM-DD`);
    else if (goLiveDate && !wave) report('go-live date given without a wave');
    else if (goLiveDate && wave) {
      const known = waveDates.get(wave);
      if (!known) waveDates.set(wave, { date: goLiveDate, line });
      else if (known.date !== goLiveDate) report(`wave "${wave}" goes live on ${known.date} on line ${known.line} but on ${goLiveDate} here`);
    }

    if (v.residentId) {
      const problem = residentIdProblem(v.residentId, today);
      if (problem) report(problem);
    }

    entries.push({
      line,
      email,
      name: v.name,
      department: v.department || null,
      role: role ?? 'end_user',
      manager: v.manager || null,
      site: v.site || null,
      wave,
      goLiveDate,
      employeeId,
    });
  }
  if (table.problems.length === 0 && table.rows.length === 0) problems.push({ line: 2, message: 'the roster has a header but no people' });
  return { entries, hasEmployeeIdColumn: table.present.has('employeeId'), problems };
}

/** An empty role means end_user; otherwise case and spaces are forgiven ("End user" → end_user). */
function parseRole(raw: string): Role | undefined {
  if (raw === '') return 'end_user';
  const normalized = raw.toLowerCase().replace(/[\s-]+/g, '_');
  return (ROLES as readonly string[]).includes(normalized) ? (normalized as Role) : undefined;
}

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Midnight at the start of `date` (YYYY-MM-DD) in `timeZone`: go-live is a local day, not a UTC one. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  // An unknown zone name in tenant settings: treat it as UTC rather than refuse the roster.
  return zonedTime({ year, month, day }, 0, isValidTimeZone(timeZone) ? timeZone : 'UTC');
}
