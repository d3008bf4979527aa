/**
 * Roster import: who works where, for whom, in which go-live wave.
 * All or nothing, like the knowledge importer: every problem in the file is
 * reported by line and nothing is written while any remains. The tenant's
 * people are read and written inside one transaction, so the checks see the
 * same rows the writes change.
 *
 * Identity. A roster person is the same human as a chat user with the same
 * email. When such a user already exists (they chatted before, and the
 * platform told us their email) the roster updates that row, so their
 * questions, feedback and escalations stay attached to one person. Otherwise
 * the person is stored under the tenant's own platform with platformUserId
 * `roster:<email>`: the unique key (tenant, platform, platformUserId) needs a
 * value, the prefix can never collide with a Slack or Teams id, and keeping
 * the tenant's platform means per-platform queries still see every person.
 * Linking that row to the chat identity on first contact (by email) is the
 * directory's job, not the roster's. Where several rows share an email, the
 * oldest wins: it is the one the roster created or adopted first.
 */
import type { Db } from '../db/client.js';
import type { Role } from '../knowledge/types.js';
import type { Platform } from '../bot/core/types.js';
import { HypercareError } from '../bot/core/errors.js';
import { ROSTER_PLATFORM_USER_PREFIX } from '../directory/placeholders.js';
import type { LineProblem } from './csv-table.js';
import { parseRosterCsv, startOfLocalDay, type RosterEntry } from './roster-csv.js';

export interface RosterSummary {
  people: { created: number; updated: number };
  departments: { created: number; total: number };
  waves: { created: number; updated: number; total: number };
  /** People with a manager after the import. */
  managerLinks: number;
}

export type RosterImportResult = { ok: true; summary: RosterSummary } | { ok: false; problems: LineProblem[] };

export interface RosterImportOptions {
  /** For the resident-ID birth-date check; tests pin it. */
  now?: () => Date;
}

/** Rosters of tens of thousands of people update row by row; give the transaction room. */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

export { ROSTER_PLATFORM_USER_PREFIX };

interface TenantPerson {
  id: string;
  email: string | null;
  employeeId: string | null;
  managerId: string | null;
  platformUserId: string;
  displayName: string;
}

export async function importRoster(db: Db, tenantId: string, csvText: string, options: RosterImportOptions = {}): Promise<RosterImportResult> {
  const parsed = parseRosterCsv(csvText, options.now?.() ?? new Date());
  if (parsed.entries.length === 0) return { ok: false, problems: parsed.problems };
  return db.$transaction(
    async (transaction) => {
      const tx = transaction as Db;
      const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { platform: true, timezone: true } });
      if (!tenant) throw new HypercareError('not_found', `tenant ${tenantId} does not exist`);
      const people = await tx.user.findMany({
        where: { tenantId },
        select: { id: true, email: true, employeeId: true, managerId: true, platformUserId: true, displayName: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      const knownWaves = new Set((await tx.rolloutWave.findMany({ where: { tenantId }, select: { name: true } })).map((w) => w.name));
      const graph = new PeopleGraph(parsed.entries, people);
      const problems = [...parsed.problems, ...graph.problems(), ...waveProblems(parsed.entries, knownWaves)];
      if (problems.length > 0) return { ok: false as const, problems: problems.sort((a, b) => a.line - b.line) };
      const summary = await writeRoster(tx, tenantId, tenant, parsed.entries, parsed.hasEmployeeIdColumn, graph);
      return { ok: true as const, summary };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
}

/**
 * The tenant's reporting lines as they would be after the import: file rows
 * replace the tenant's rows with the same email. Nodes are "f:<email>" for
 * people in the file and "d:<user id>" for everyone else.
 */
class PeopleGraph {
  readonly existingByEmail = new Map<string, TenantPerson>();
  private readonly existingByEmployeeId = new Map<string, TenantPerson>();
  private readonly existingById = new Map<string, TenantPerson>();
  private readonly fileByEmail = new Map<string, RosterEntry>();
  private readonly fileByEmployeeId = new Map<string, RosterEntry>();
  /** The manager node of each file row whose manager is known. */
  readonly managerOf = new Map<string, string>();
  private readonly unknownManagers: LineProblem[] = [];

  constructor(
    private readonly entries: RosterEntry[],
    people: TenantPerson[],
  ) {
    for (const p of people) {
      this.existingById.set(p.id, p);
      if (p.email && !this.existingByEmail.has(p.email.toLowerCase())) this.existingByEmail.set(p.email.toLowerCase(), p);
      if (p.employeeId && !this.existingByEmployeeId.has(p.employeeId)) this.existingByEmployeeId.set(p.employeeId, p);
    }
    for (const e of entries) {
      if (!this.fileByEmail.has(e.email)) this.fileByEmail.set(e.email, e);
      if (e.employeeId && !this.fileByEmployeeId.has(e.employeeId)) this.fileByEmployeeId.set(e.employeeId, e);
    }
    for (const e of entries) {
      if (!e.manager) continue;
      const node = this.resolve(e.manager);
      if (node) this.managerOf.set(`f:${e.email}`, node);
      else this.unknownManagers.push({ line: e.line, message: `manager "${e.manager}" is neither in this roster nor a known person of the tenant` });
    }
  }

  /** A manager reference (email or employee id) to a node; file rows first, then the tenant. */
  resolve(reference: string): string | undefined {
    const email = reference.toLowerCase();
    const inFile = this.fileByEmail.get(email) ?? this.fileByEmployeeId.get(reference);
    if (inFile) return `f:${inFile.email}`;
    const existing = this.existingByEmail.get(email) ?? this.existingByEmployeeId.get(reference);
    return existing ? this.nodeOf(existing) : undefined;
  }

  private nodeOf(person: TenantPerson): string {
    const email = person.email?.toLowerCase();
    return email && this.fileByEmail.has(email) ? `f:${email}` : `d:${person.id}`;
  }

  private next(node: string): string | undefined {
    if (node.startsWith('f:')) return this.managerOf.get(node);
    const managerId = this.existingById.get(node.slice(2))?.managerId;
    const manager = managerId ? this.existingById.get(managerId) : undefined;
    return manager ? this.nodeOf(manager) : undefined;
  }

  private label(node: string): string {
    if (node.startsWith('f:')) return node.slice(2);
    const p = this.existingById.get(node.slice(2));
    return p?.email ?? p?.employeeId ?? node.slice(2);
  }

  problems(): LineProblem[] {
    return [...this.unknownManagers, ...this.cycleProblems(), ...this.employeeIdConflicts()];
  }

  /** Each node has at most one manager, so a walk either ends or runs into a cycle. */
  private cycleProblems(): LineProblem[] {
    const problems: LineProblem[] = [];
    const state = new Map<string, 'walking' | 'done'>();
    for (const e of this.entries) {
      const path: string[] = [];
      let node: string | undefined = `f:${e.email}`;
      while (node && !state.has(node)) {
        state.set(node, 'walking');
        path.push(node);
        node = this.next(node);
      }
      if (node && state.get(node) === 'walking') {
        const cycle = path.slice(path.indexOf(node));
        const description = [...cycle, node].map((n) => this.label(n)).join(' → ');
        for (const member of cycle) {
          const entry = member.startsWith('f:') ? this.fileByEmail.get(member.slice(2)) : undefined;
          if (entry) problems.push({ line: entry.line, message: `manager cycle: ${description}` });
        }
      }
      for (const n of path) state.set(n, 'done');
    }
    return problems;
  }

  /** An employee id the file gives to someone while another person of the tenant (not in the file) holds it. */
  private employeeIdConflicts(): LineProblem[] {
    const problems: LineProblem[] = [];
    for (const e of this.entries) {
      if (!e.employeeId) continue;
      const holder = this.existingByEmployeeId.get(e.employeeId);
      // A holder in the file gets the file's employee id (duplicates inside the file are reported by the parser).
      if (!holder || this.nodeOf(holder).startsWith('f:')) continue;
      problems.push({ line: e.line, message: `employee id ${e.employeeId} already belongs to ${holder.email ?? 'another person'} in this tenant` });
    }
    return problems;
  }
}

function waveProblems(entries: RosterEntry[], knownWaves: Set<string>): LineProblem[] {
  const dated = new Set(entries.filter((e) => e.wave && e.goLiveDate).map((e) => e.wave));
  const reported = new Set<string>();
  const problems: LineProblem[] = [];
  for (const e of entries) {
    if (!e.wave || dated.has(e.wave) || knownWaves.has(e.wave) || reported.has(e.wave)) continue;
    reported.add(e.wave);
    problems.push({ line: e.line, message: `wave "${e.wave}" has no go-live date on any line and does not exist yet` });
  }
  return problems;
}

async function writeRoster(
  db: Db,
  tenantId: string,
  tenant: { platform: Platform; timezone: string },
  entries: RosterEntry[],
  hasEmployeeIdColumn: boolean,
  graph: PeopleGraph,
): Promise<RosterSummary> {
  const departments = await upsertDepartments(db, tenantId, entries);
  const waves = await upsertWaves(db, tenantId, tenant.timezone, entries);

  let updated = 0;
  const idByEmail = new Map<string, string>();
  const fresh: RosterEntry[] = [];
  for (const e of entries) {
    const existing = graph.existingByEmail.get(e.email);
    if (!existing) {
      fresh.push(e);
      continue;
    }
    const ownedByRoster = existing.platformUserId.startsWith(ROSTER_PLATFORM_USER_PREFIX);
    await db.user.update({
      where: { id: existing.id },
      data: {
        ...personFields(e, departments.ids, waves.ids),
        email: e.email,
        ...(hasEmployeeIdColumn ? { employeeId: e.employeeId } : {}),
        // A chat user's name is the platform's to keep current; only fill it when there is none.
        ...(ownedByRoster || existing.displayName === '' ? { displayName: e.name } : {}),
      },
    });
    idByEmail.set(e.email, existing.id);
    updated++;
  }
  const created = await db.user.createManyAndReturn({
    data: fresh.map((e) => ({
      tenantId,
      platform: tenant.platform,
      platformUserId: `${ROSTER_PLATFORM_USER_PREFIX}${e.email}`,
      email: e.email,
      employeeId: e.employeeId,
      displayName: e.name,
      ...personFields(e, departments.ids, waves.ids),
    })),
    select: { id: true, email: true },
  });
  for (const row of created) idByEmail.set(row.email!, row.id);

  // Links last: a manager may be on a later line, or created a moment ago. One update per manager, not per person.
  const reportsByManager = new Map<string | null, string[]>();
  for (const e of entries) {
    const node = graph.managerOf.get(`f:${e.email}`);
    const managerId = node ? (node.startsWith('f:') ? idByEmail.get(node.slice(2))! : node.slice(2)) : null;
    const list = reportsByManager.get(managerId) ?? [];
    list.push(idByEmail.get(e.email)!);
    reportsByManager.set(managerId, list);
  }
  let managerLinks = 0;
  for (const [managerId, ids] of reportsByManager) {
    await db.user.updateMany({ where: { tenantId, id: { in: ids } }, data: { managerId } });
    if (managerId) managerLinks += ids.length;
  }
  return {
    people: { created: created.length, updated },
    departments: { created: departments.created, total: departments.ids.size },
    waves: { created: waves.created, updated: waves.updated, total: waves.ids.size },
    managerLinks,
  };
}

function personFields(e: RosterEntry, departmentIds: Map<string, string>, waveIds: Map<string, string>) {
  return {
    role: e.role satisfies Role,
    site: e.site,
    departmentId: e.department ? departmentIds.get(e.department)! : null,
    waveId: e.wave ? waveIds.get(e.wave)! : null,
  };
}

async function upsertDepartments(db: Db, tenantId: string, entries: RosterEntry[]) {
  const names = [...new Set(entries.flatMap((e) => (e.department ? [e.department] : [])))];
  const { count } = await db.department.createMany({ data: names.map((name) => ({ tenantId, name })), skipDuplicates: true });
  const rows = await db.department.findMany({ where: { tenantId, name: { in: names } }, select: { id: true, name: true } });
  return { created: count, ids: new Map(rows.map((r) => [r.name, r.id])) };
}

async function upsertWaves(db: Db, tenantId: string, timeZone: string, entries: RosterEntry[]) {
  const names = [...new Set(entries.flatMap((e) => (e.wave ? [e.wave] : [])))];
  const dates = new Map(entries.flatMap((e) => (e.wave && e.goLiveDate ? [[e.wave, e.goLiveDate] as const] : [])));
  const existing = new Map(
    (await db.rolloutWave.findMany({ where: { tenantId, name: { in: names } }, select: { id: true, name: true, goLiveAt: true } })).map((w) => [w.name, w]),
  );
  const ids = new Map<string, string>();
  let created = 0;
  let updated = 0;
  for (const name of names) {
    const date = dates.get(name);
    const goLiveAt = date ? startOfLocalDay(date, timeZone) : undefined;
    const old = existing.get(name);
    if (old) {
      if (goLiveAt && goLiveAt.getTime() !== old.goLiveAt.getTime()) {
        await db.rolloutWave.update({ where: { id: old.id }, data: { goLiveAt } });
        updated++;
      }
      ids.set(name, old.id);
    } else {
      // waveProblems() guarantees a date for every wave that does not exist yet.
      const row = await db.rolloutWave.create({ data: { tenantId, name, goLiveAt: goLiveAt! }, select: { id: true } });
      ids.set(name, row.id);
      created++;
    }
  }
  return { created, updated, ids };
}
