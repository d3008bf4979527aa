/**
 * The escalation set-up file against real PostgreSQL: every problem is
 * reported with its path and line and nothing is written; a good file is
 * applied in one go, routes questions, and `show` gives it back.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { applyEscalationSetup, describeEscalationSetup, setupAsYaml } from '../../src/escalations/setup.js';
import { routeEscalation } from '../../src/escalations/routing.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';
import { WEDNESDAY_10, seedTenant } from './fixtures.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/escalations.yaml');
const PEOPLE = ['li.wei', 'wang.fang', 'zhang.min', 'chen.jie', 'liu.yang', 'anna.schmidt'];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

/** A tenant with the example file's people and departments, as a roster import leaves them. */
async function rosterTenant() {
  const tenant = await seedTenant(db.prisma);
  for (const name of ['Finance', 'Warehouse']) await db.prisma.department.create({ data: { tenantId: tenant.id, name } });
  for (const name of PEOPLE) {
    await db.prisma.user.create({ data: { tenantId: tenant.id, platform: 'local', platformUserId: name, email: `${name}@example.com`, role: name === 'li.wei' ? 'engineer' : 'end_user' } });
  }
  await db.prisma.user.create({ data: { tenantId: tenant.id, platform: 'local', platformUserId: 'e1042', employeeId: 'E-1042', role: 'engineer' } });
  return tenant;
}

const rowsOf = async (tenantId: string) => ({
  groups: await db.prisma.engineerGroup.count({ where: { tenantId } }),
  rules: await db.prisma.routingRule.count({ where: { tenantId } }),
});

describe('escalations setup', () => {
  it('applies the example file: groups, on-call order, leads, backups, rules, SLA and champion-first', async () => {
    const tenant = await rosterTenant();
    const result = await applyEscalationSetup(db.prisma, tenant.id, await readFile(EXAMPLE, 'utf8'), 'escalations.yaml');
    expect(result).toEqual({
      ok: true,
      summary: { groups: { created: 3, updated: 0, removed: [] }, members: 7, rules: 6, promoted: 5, fallback: 'Core team' },
    });
    const finance = await db.prisma.engineerGroup.findFirstOrThrow({ where: { tenantId: tenant.id, name: 'Finance desk' }, include: { members: { orderBy: { position: 'asc' } } } });
    const core = await db.prisma.engineerGroup.findFirstOrThrow({ where: { tenantId: tenant.id, name: 'Core team' } });
    expect(finance).toMatchObject({ channelThreadId: 'slack:T0123ABCD:C0FIN0001', isFallback: false });
    expect(finance.settings).toMatchObject({ timezone: 'Asia/Shanghai', rotation: 'weekly', backupGroupId: core.id });
    const lead = await db.prisma.user.findFirstOrThrow({ where: { tenantId: tenant.id, email: 'li.wei@example.com' } });
    expect(finance.members.map((m) => [m.position, m.isLead])).toEqual([[0, true], [1, false], [2, false]]);
    expect(finance.members[0]?.userId).toBe(lead.id);
    const settings = (await db.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).settings;
    expect(settings).toEqual({
      sla: { claimMinutes: 15, firstReplyMinutes: 60, resolveMinutes: 540 },
      championFirst: { enabled: true, minutes: 10, departments: ['Finance', 'Warehouse'] },
    });
    // Routing follows the rules: an MM question from Shanghai goes to the warehouse desk, anything else to the fallback.
    const mm = await routeEscalation(db.prisma, tenant.id, { articleTags: ['MM'], department: null, site: 'Shanghai', lang: 'zh-CN' }, WEDNESDAY_10);
    expect(mm.group?.name).toBe('Warehouse desk');
    const other = await routeEscalation(db.prisma, tenant.id, { articleTags: ['HR'], department: null, site: null, lang: 'zh-CN' }, WEDNESDAY_10);
    expect(other).toMatchObject({ group: { name: 'Core team' }, via: { kind: 'fallback' } });
  });

  it('shows the set-up in the file format, and applying what it shows changes nothing', async () => {
    const tenant = await rosterTenant();
    await applyEscalationSetup(db.prisma, tenant.id, await readFile(EXAMPLE, 'utf8'), 'escalations.yaml');
    const shown = setupAsYaml(await describeEscalationSetup(db.prisma, tenant.id));
    const shownAgain = parseYaml(shown);
    expect(shownAgain.groups.map((g: { name: string }) => g.name)).toEqual(['Finance desk', 'Warehouse desk', 'Core team']);
    expect(shownAgain.groups[0].members).toEqual([{ email: 'li.wei@example.com', lead: true }, 'wang.fang@example.com', 'zhang.min@example.com']);
    expect(shownAgain.groups[2].members[1]).toEqual({ employeeId: 'E-1042' });
    const ids = (await db.prisma.engineerGroup.findMany({ where: { tenantId: tenant.id }, orderBy: { name: 'asc' } })).map((g) => g.id);

    const again = await applyEscalationSetup(db.prisma, tenant.id, shown, 'shown.yaml');
    expect(again).toMatchObject({ ok: true, summary: { groups: { created: 0, updated: 3, removed: [] }, members: 7, rules: 6, promoted: 0 } });
    expect((await db.prisma.engineerGroup.findMany({ where: { tenantId: tenant.id }, orderBy: { name: 'asc' } })).map((g) => g.id)).toEqual(ids);
    expect(setupAsYaml(await describeEscalationSetup(db.prisma, tenant.id))).toBe(shown);
  });

  it('reports every problem with its path and line, and writes nothing', async () => {
    const tenant = await rosterTenant();
    const file = [
      'sla:', //                                    1
      '  claimMinutes: 0', //                       2
      'groups:', //                                 3
      '  - name: Finance desk', //                  4
      '    timezone: Asia/Shangai', //              5
      '    workingHours: { days: [1], start: "18:00", end: "09:00" }', // 6
      '    backup: Nobody', //                      7
      '    members:', //                            8
      '      - li.wei@example.com', //              9
      '      - ghost@example.com', //               10
      '      - li.wei@example.com', //              11
      '  - name: finance desk', //                  12
      '    fallback: true', //                      13
      '    memebers: []', //                        14
      'rules:', //                                  15
      '  - { module: FI, group: Payroll }', //      16
    ].join('\n');
    const result = await applyEscalationSetup(db.prisma, tenant.id, file, 'bad.yaml');
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`);
    expect(problems).toEqual([
      '2: sla.claimMinutes: Too small: expected number to be >0',
      '5: groups[0].timezone: must be an IANA time zone such as Asia/Shanghai',
      '6: groups[0].workingHours.end: end must be after start (shifts across midnight are not supported)',
      '7: groups[0].backup: no group named "Nobody" in this file',
      '11: groups[0].members[2]: "li.wei@example.com" is already member 1 of this group',
      '12: groups[1].name: group name "finance desk" is already used by group 1',
      '14: groups[1].memebers: unknown field "memebers"',
      '16: rules[0].group: no group named "Payroll" in this file',
    ]);
    expect(await rowsOf(tenant.id)).toEqual({ groups: 0, rules: 0 });
  });

  it('checks people and departments against the tenant and rolls back everything on a problem', async () => {
    const tenant = await rosterTenant();
    await applyEscalationSetup(db.prisma, tenant.id, await readFile(EXAMPLE, 'utf8'), 'escalations.yaml');
    const before = setupAsYaml(await describeEscalationSetup(db.prisma, tenant.id));
    const file = [
      'championFirst:',
      '  departments: [Finance, Logistics]',
      'groups:',
      '  - name: Core team',
      '    fallback: true',
      '    members:',
      '      - ghost@example.com',
      '      - { user: nobody-here, lead: true }',
    ].join('\n');
    const result = await applyEscalationSetup(db.prisma, tenant.id, file, 'next.yaml');
    expect(result.ok ? [] : result.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`)).toEqual([
      '2: championFirst.departments[1]: no department named "Logistics" in this tenant (import the roster first)',
      '7: groups[0].members[0]: nobody with email "ghost@example.com" in this tenant (import the roster, or have them message the bot once)',
      '8: groups[0].members[1]: nobody with user "nobody-here" in this tenant (import the roster, or have them message the bot once)',
    ]);
    expect(setupAsYaml(await describeEscalationSetup(db.prisma, tenant.id))).toBe(before);
  });

  it('refuses to remove a group that still holds open escalations', async () => {
    const tenant = await rosterTenant();
    await applyEscalationSetup(db.prisma, tenant.id, await readFile(EXAMPLE, 'utf8'), 'escalations.yaml');
    const warehouse = await db.prisma.engineerGroup.findFirstOrThrow({ where: { tenantId: tenant.id, name: 'Warehouse desk' } });
    const asker = await db.prisma.user.findFirstOrThrow({ where: { tenantId: tenant.id, platformUserId: 'liu.yang' } });
    const question = await db.prisma.question.create({ data: { tenantId: tenant.id, userId: asker.id, threadId: 'local:liu.yang', messageId: 'm1', lang: 'en', text: 'q', outcome: 'escalated' } });
    await db.prisma.escalation.create({ data: { tenantId: tenant.id, questionId: question.id, requesterId: asker.id, groupId: warehouse.id, lang: 'en', userThreadId: 'local:liu.yang' } });
    const result = await applyEscalationSetup(db.prisma, tenant.id, 'groups:\n  - name: Core team\n    fallback: true\n', 'small.yaml');
    expect(result.ok ? [] : result.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '1: group "Warehouse desk" is not in this file but still has 1 open escalation(s); keep it or close them first',
    ]);
    expect(await rowsOf(tenant.id)).toEqual({ groups: 3, rules: 6 });
  });
});
