/**
 * Apply an escalation set-up file to a tenant, and show the current set-up in
 * the same format. The file is the whole truth about routing: groups absent
 * from it are removed (unless they still hold open escalations), rules are
 * replaced, the SLA policy and champion-first settings are set or cleared.
 * Everything is checked first and written in one transaction, so a file with
 * any problem changes nothing.
 */
import { stringify } from 'yaml';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import { locate, parseLocatedFile, type FileProblem, type LocatedProblem, type PathSegment } from '../config-files/located-problems.js';
import { escalationSetupSchema, setupCrossChecks, type EscalationSetup, type GroupEntry, type MemberEntry } from './setup-schema.js';
import { groupSettingsSchema } from './settings.js';

type Tx = Prisma.TransactionClient;

export interface SetupSummary {
  groups: { created: number; updated: number; removed: string[] };
  members: number;
  rules: number;
  /** People who were end users and became engineers by joining a group. */
  promoted: number;
  fallback: string | null;
}

export type ApplySetupResult = { ok: true; summary: SetupSummary } | { ok: false; problems: FileProblem[] };

/** Problems found against the database: the transaction is rolled back and they are reported. */
class SetupRejected extends Error {
  constructor(readonly problems: LocatedProblem[]) {
    super('the set-up file has problems');
  }
}

const lower = (s: string) => s.trim().toLowerCase();

export async function applyEscalationSetup(db: Db, tenantId: string, text: string, fileName: string): Promise<ApplySetupResult> {
  const parsed = parseLocatedFile(text, fileName, escalationSetupSchema, { crossChecks: setupCrossChecks, holds: 'an escalation set-up' });
  if (!parsed.ok) return parsed;
  const setup = parsed.value;
  try {
    const summary = await db.$transaction((tx) => applyParsed(tx, tenantId, setup), { maxWait: 15_000, timeout: 60_000 });
    return { ok: true, summary };
  } catch (err) {
    if (err instanceof SetupRejected) return { ok: false, problems: locate(err.problems, parsed.lineOf) };
    throw err;
  }
}

async function applyParsed(tx: Tx, tenantId: string, setup: EscalationSetup): Promise<SetupSummary> {
  const problems: LocatedProblem[] = [];
  const people = await resolveMembers(tx, tenantId, setup.groups, problems);
  await checkDepartments(tx, tenantId, setup, problems);
  const existing = await tx.engineerGroup.findMany({ where: { tenantId } });
  const inFile = new Set(setup.groups.map((g) => lower(g.name)));
  const removed = existing.filter((g) => !inFile.has(lower(g.name)));
  if (removed.length > 0) {
    const open = await tx.escalation.groupBy({
      by: ['groupId'],
      where: { tenantId, groupId: { in: removed.map((g) => g.id) }, status: { in: ['open', 'claimed'] } },
      _count: true,
    });
    for (const row of open) {
      const group = removed.find((g) => g.id === row.groupId);
      problems.push({ path: ['groups'], message: `group "${group?.name}" is not in this file but still has ${row._count} open escalation(s); keep it or close them first` });
    }
  }
  if (problems.length > 0) throw new SetupRejected(problems);

  // Groups keep their ids (open escalations and SLA jobs point at them); matched by name, case-insensitively.
  const ids = new Map<string, string>();
  let created = 0;
  for (const entry of setup.groups) {
    const current = existing.find((g) => lower(g.name) === lower(entry.name));
    const data = { name: entry.name.trim(), channelThreadId: entry.channel ?? null, isFallback: entry.fallback };
    const group = current
      ? await tx.engineerGroup.update({ where: { id: current.id }, data })
      : await tx.engineerGroup.create({ data: { tenantId, ...data } });
    if (!current) created++;
    ids.set(lower(entry.name), group.id);
  }
  for (const entry of setup.groups) {
    const id = ids.get(lower(entry.name)) as string;
    const settings = groupSettingsSchema.parse({
      ...(entry.timezone ? { timezone: entry.timezone } : {}),
      ...(entry.workingHours ? { workingHours: entry.workingHours } : {}),
      ...(entry.backup ? { backupGroupId: ids.get(lower(entry.backup)) } : {}),
      rotation: entry.rotation,
    });
    await tx.engineerGroup.update({ where: { id }, data: { settings: settings as object } });
  }
  const groupIds = [...ids.values()];
  await tx.engineerGroupMember.deleteMany({ where: { groupId: { in: groupIds } } });
  const members = setup.groups.flatMap((entry) =>
    entry.members.map((member, position) => ({ groupId: ids.get(lower(entry.name)) as string, userId: people.get(member) as string, position, isLead: member.lead })),
  );
  await tx.engineerGroupMember.createMany({ data: members });
  if (removed.length > 0) await tx.engineerGroup.deleteMany({ where: { tenantId, id: { in: removed.map((g) => g.id) } } });

  const { count: promoted } = await tx.user.updateMany({ where: { tenantId, id: { in: members.map((m) => m.userId) }, role: 'end_user' }, data: { role: 'engineer' } });

  await tx.routingRule.deleteMany({ where: { tenantId } });
  await tx.routingRule.createMany({
    data: setup.rules.map((rule, index) => ({
      tenantId,
      groupId: ids.get(lower(rule.group)) as string,
      priority: rule.priority ?? (index + 1) * 10,
      module: rule.module ?? null,
      department: rule.department ?? null,
      site: rule.site ?? null,
      lang: rule.language ?? null,
    })),
  });

  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
  const { sla: _sla, championFirst: _championFirst, ...otherSettings } = (tenant.settings ?? {}) as Record<string, unknown>;
  await tx.tenant.update({
    where: { id: tenantId },
    data: { settings: { ...otherSettings, ...(setup.sla ? { sla: setup.sla } : {}), ...(setup.championFirst ? { championFirst: setup.championFirst } : {}) } as object },
  });

  return {
    groups: { created, updated: setup.groups.length - created, removed: removed.map((g) => g.name) },
    members: members.length,
    rules: setup.rules.length,
    promoted,
    fallback: setup.groups.find((g) => g.fallback)?.name ?? null,
  };
}

/** Each member entry's user id; a person not found (or found twice) is a problem at the entry's line. */
async function resolveMembers(tx: Tx, tenantId: string, groups: GroupEntry[], problems: LocatedProblem[]): Promise<Map<MemberEntry, string>> {
  const entries = groups.flatMap((group, g) => group.members.map((member, m) => ({ member, path: ['groups', g, 'members', m] as PathSegment[] })));
  const emails = entries.flatMap(({ member }) => (member.email ? [member.email] : []));
  const employeeIds = entries.flatMap(({ member }) => (member.employeeId ? [member.employeeId] : []));
  const platformIds = entries.flatMap(({ member }) => (member.user ? [member.user] : []));
  const users = await tx.user.findMany({
    where: {
      tenantId,
      OR: [{ email: { in: emails, mode: 'insensitive' } }, { employeeId: { in: employeeIds } }, { platformUserId: { in: platformIds } }],
    },
    select: { id: true, email: true, employeeId: true, platformUserId: true, role: true, displayName: true },
  });
  const resolved = new Map<MemberEntry, string>();
  for (const { member, path } of entries) {
    const [field, value] = member.email ? ['email', member.email] : member.employeeId ? ['employeeId', member.employeeId] : ['user', member.user as string];
    const matches = users.filter((u) =>
      field === 'email' ? lower(u.email ?? '') === lower(value) : field === 'employeeId' ? u.employeeId === value : u.platformUserId === value,
    );
    const [user] = matches;
    if (!user) {
      problems.push({ path, message: `nobody with ${field} "${value}" in this tenant (import the roster, or have them message the bot once)` });
    } else if (matches.length > 1) {
      problems.push({ path, message: `${matches.length} people have ${field} "${value}"; name this person by user id instead` });
    } else if (user.role === 'manager') {
      problems.push({ path, message: `${user.displayName || value} is a manager; only engineers, champions and admins can own escalations` });
    } else {
      resolved.set(member, user.id);
    }
  }
  return resolved;
}

async function checkDepartments(tx: Tx, tenantId: string, setup: EscalationSetup, problems: LocatedProblem[]): Promise<void> {
  const wanted = setup.championFirst?.departments ?? [];
  if (wanted.length === 0) return;
  const known = new Set((await tx.department.findMany({ where: { tenantId }, select: { name: true } })).map((d) => lower(d.name)));
  wanted.forEach((name, index) => {
    if (!known.has(lower(name))) problems.push({ path: ['championFirst', 'departments', index], message: `no department named "${name}" in this tenant (import the roster first)` });
  });
}

/** The tenant's current set-up in the file format: `escalations show` prints it, and it can be edited and applied again. */
export async function describeEscalationSetup(db: Db, tenantId: string): Promise<Record<string, unknown>> {
  const [tenant, groups, rules] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } }),
    db.engineerGroup.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' }, include: { members: { orderBy: { position: 'asc' } } } }),
    db.routingRule.findMany({ where: { tenantId }, orderBy: [{ priority: 'asc' }, { createdAt: 'asc' }] }),
  ]);
  const userIds = groups.flatMap((g) => g.members.map((m) => m.userId));
  const users = new Map((await db.user.findMany({ where: { tenantId, id: { in: userIds } }, select: { id: true, email: true, employeeId: true, platformUserId: true } })).map((u) => [u.id, u]));
  const nameOf = new Map(groups.map((g) => [g.id, g.name]));
  const settings = (tenant.settings ?? {}) as Record<string, unknown>;
  return {
    ...(settings.sla ? { sla: settings.sla } : {}),
    ...(settings.championFirst ? { championFirst: settings.championFirst } : {}),
    groups: groups.map((g) => {
      const own = groupSettingsSchema.safeParse(g.settings ?? {});
      const s = own.success ? own.data : undefined;
      return {
        name: g.name,
        ...(g.channelThreadId ? { channel: g.channelThreadId } : {}),
        ...(s?.timezone ? { timezone: s.timezone } : {}),
        ...(s?.workingHours ? { workingHours: s.workingHours } : {}),
        rotation: s?.rotation ?? 'weekly',
        ...(s?.backupGroupId && nameOf.has(s.backupGroupId) ? { backup: nameOf.get(s.backupGroupId) } : {}),
        ...(g.isFallback ? { fallback: true } : {}),
        members: g.members.map((m) => {
          const u = users.get(m.userId);
          const who = u?.email ? { email: u.email } : u?.employeeId ? { employeeId: u.employeeId } : { user: u?.platformUserId ?? m.userId };
          return m.isLead ? { ...who, lead: true } : (who.email ?? who);
        }),
      };
    }),
    rules: rules.map((r) => ({
      group: nameOf.get(r.groupId) ?? r.groupId,
      priority: r.priority,
      ...(r.module ? { module: r.module } : {}),
      ...(r.department ? { department: r.department } : {}),
      ...(r.site ? { site: r.site } : {}),
      ...(r.lang ? { language: r.lang } : {}),
    })),
  };
}

export function setupAsYaml(setup: Record<string, unknown>): string {
  return stringify(setup, { lineWidth: 0 });
}
