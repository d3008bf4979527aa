/** Routing: rules by priority, the fallback group, on-call rotation within working hours, bad settings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HypercareError } from '../../src/bot/core/errors.js';
import { firstMatchingRule, onCallMember, routeEscalation, routingContextOfQuestion, type RuleFields } from '../../src/escalations/routing.js';
import { parseGroupSettings } from '../../src/escalations/settings.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';
import { WEDNESDAY_10, WORKDAY, seedGroup, seedQuestion, seedTenant, seedUser } from './fixtures.js';

const rule = (id: string, priority: number, fields: Partial<RuleFields> = {}): RuleFields => ({
  id,
  priority,
  module: null,
  department: null,
  site: null,
  lang: null,
  groupId: `g-${id}`,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...fields,
});

describe('rule matching (pure)', () => {
  const context = { articleTags: ['Purchasing', 'goods-receipt'], department: 'Finance', site: 'Shanghai', lang: 'zh-CN' };

  it('takes the lowest priority number whose fields all match; null matches anything', () => {
    const rules = [rule('any', 100), rule('finance', 10, { department: 'finance' }), rule('hr', 5, { department: 'HR' })];
    expect(firstMatchingRule(rules, context)?.id).toBe('finance');
  });

  it('matches module against the nearest article tags, and "zh" against "zh-CN"', () => {
    const rules = [rule('mm-zh', 1, { module: 'purchasing', lang: 'zh' }), rule('mm-en', 0, { module: 'purchasing', lang: 'en' })];
    expect(firstMatchingRule(rules, context)?.id).toBe('mm-zh');
    expect(firstMatchingRule([rule('sd', 1, { module: 'sales' })], context)).toBeUndefined();
  });

  it('does not match a rule field the question cannot tell', () => {
    expect(firstMatchingRule([rule('site', 1, { site: 'Shanghai' })], { ...context, site: null })).toBeUndefined();
  });
});

describe('on-call rotation (pure)', () => {
  const settings = parseGroupSettings({ id: 'g', name: 'MM', settings: { ...WORKDAY, rotation: 'daily' } }, 'UTC');
  const members = [
    { userId: 'carol', position: 2 },
    { userId: 'alice', position: 0 },
    { userId: 'bob', position: 1 },
  ];

  it('turns through the members by position, one per local day', () => {
    const days = ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09'].map((d) => onCallMember(members, settings, new Date(`${d}T10:00:00+08:00`))?.userId);
    expect(new Set(days.slice(0, 3)).size).toBe(3);
    // Daily rotation counts calendar days: Monday the 9th is five days (5 mod 3 = 2) after Wednesday the 4th, like Friday the 6th.
    expect(days[3]).toBe(days[2]);
  });

  it('keeps one engineer for the whole week by default', () => {
    const weekly = parseGroupSettings({ id: 'g', name: 'MM', settings: WORKDAY }, 'UTC');
    const week = ['02', '03', '04', '05', '06'].map((d) => onCallMember(members, weekly, new Date(`2026-03-${d}T10:00:00+08:00`))?.userId);
    expect(new Set(week).size).toBe(1);
    expect(onCallMember(members, weekly, new Date('2026-03-09T10:00:00+08:00'))?.userId).not.toBe(week[0]);
  });

  it('has nobody on call outside working hours in the group time zone', () => {
    expect(onCallMember(members, settings, new Date('2026-03-04T19:00:00+08:00'))).toBeNull();
    expect(onCallMember(members, settings, new Date('2026-03-07T10:00:00+08:00'))).toBeNull();
    expect(onCallMember([], settings, WEDNESDAY_10)).toBeNull();
  });

  it('names the group and the field when settings are invalid', () => {
    const bad = { id: 'g1', name: 'Finance support', settings: { timezone: 'Mars/Olympus', workingHours: { days: [], start: '9am', end: '18:00' } } };
    let error: unknown;
    try {
      parseGroupSettings(bad, 'UTC');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HypercareError);
    expect((error as HypercareError).code).toBe('bad_request');
    expect((error as HypercareError).message).toMatch(/"Finance support".*timezone: must be an IANA time zone.*workingHours\.days.*workingHours\.start/);
  });

  it('fills in the tenant time zone and Monday–Friday 09:00–18:00 when unset', () => {
    expect(parseGroupSettings({ id: 'g', name: 'x', settings: {} }, 'Europe/Berlin')).toEqual({
      calendar: { timezone: 'Europe/Berlin', hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' } },
      backupGroupId: null,
      rotation: 'weekly',
    });
  });
});

describe('routeEscalation (database)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('routes by rule from the question, else to the fallback group, else nowhere', async () => {
    const p = db.prisma;
    const tenant = await seedTenant(p);
    const engineer = await seedUser(p, tenant.id, 'engineer');
    const asker = await seedUser(p, tenant.id, 'end_user', { department: 'Finance', site: 'Pudong' });
    const purchasing = await seedGroup(p, tenant.id, 'Purchasing', { members: [{ userId: engineer.id }] });
    const finance = await seedGroup(p, tenant.id, 'Finance');
    await p.routingRule.createMany({
      data: [
        { tenantId: tenant.id, priority: 10, module: 'purchasing', groupId: purchasing.id },
        { tenantId: tenant.id, priority: 20, department: 'Finance', site: 'Pudong', groupId: finance.id },
      ],
    });

    const byModule = await seedQuestion(p, tenant.id, asker.id, { tags: ['purchasing', 'goods-receipt'] });
    const decision = await routeEscalation(p, tenant.id, await routingContextOfQuestion(p, tenant.id, byModule.id), WEDNESDAY_10);
    expect(decision.group?.id).toBe(purchasing.id);
    expect(decision.onCallUserId).toBe(engineer.id);
    expect(decision.via).toMatchObject({ kind: 'rule', module: 'purchasing' });

    const byDepartment = await seedQuestion(p, tenant.id, asker.id, { tags: ['leave'] });
    expect((await routeEscalation(p, tenant.id, await routingContextOfQuestion(p, tenant.id, byDepartment.id), WEDNESDAY_10)).group?.id).toBe(finance.id);

    const other = await seedUser(p, tenant.id, 'end_user');
    const unmatched = await routingContextOfQuestion(p, tenant.id, (await seedQuestion(p, tenant.id, other.id)).id);
    expect((await routeEscalation(p, tenant.id, unmatched, WEDNESDAY_10)).via).toEqual({ kind: 'unrouted' });

    const fallback = await seedGroup(p, tenant.id, 'Service desk', { isFallback: true });
    const toFallback = await routeEscalation(p, tenant.id, unmatched, WEDNESDAY_10);
    expect(toFallback.group?.id).toBe(fallback.id);
    expect(toFallback.via).toEqual({ kind: 'fallback' });
    expect(toFallback.onCallUserId).toBeNull(); // nobody in it
  });

  it('does not see another tenant’s rules or groups', async () => {
    const p = db.prisma;
    const mine = await seedTenant(p);
    const theirs = await seedTenant(p);
    const theirGroup = await seedGroup(p, theirs.id, 'Theirs', { isFallback: true });
    await p.routingRule.create({ data: { tenantId: theirs.id, priority: 0, groupId: theirGroup.id } });
    const decision = await routeEscalation(p, mine.id, { articleTags: [], department: null, site: null, lang: 'en' }, WEDNESDAY_10);
    expect(decision.group).toBeNull();
  });

  it('reports bad group settings naming the group', async () => {
    const p = db.prisma;
    const tenant = await seedTenant(p);
    await seedGroup(p, tenant.id, 'Broken desk', { isFallback: true, settings: { workingHours: { days: [1], start: '18:00', end: '09:00' } } });
    await expect(routeEscalation(p, tenant.id, { articleTags: [], department: null, site: null, lang: 'en' }, WEDNESDAY_10)).rejects.toThrow(
      /"Broken desk".*workingHours\.end: end must be after start/,
    );
  });
});
