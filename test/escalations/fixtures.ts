/** Seed data for escalation tests: a tenant with people, engineer groups, rules and questions. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import type { Role } from '../../src/knowledge/types.js';

export const WORKDAY = { timezone: 'Asia/Shanghai', workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' } };
/** Wednesday 4 March 2026, 10:00 in Shanghai: within working hours. */
export const WEDNESDAY_10 = new Date('2026-03-04T10:00:00+08:00');

export function fixedClock(start: Date): { now: () => Date; set: (d: Date) => void; advanceMinutes: (m: number) => void } {
  let current = start;
  return {
    now: () => current,
    set: (d) => (current = d),
    advanceMinutes: (m) => (current = new Date(current.getTime() + m * 60_000)),
  };
}

export async function seedTenant(db: Db, settings: object = {}) {
  return db.tenant.create({ data: { platform: 'local', externalId: `t-${randomUUID()}`, name: 'Acme', timezone: 'Asia/Shanghai', settings } });
}

export async function seedUser(db: Db, tenantId: string, role: Role, extra: { site?: string; department?: string } = {}) {
  const department = extra.department
    ? await db.department.upsert({ where: { tenantId_name: { tenantId, name: extra.department } }, create: { tenantId, name: extra.department }, update: {} })
    : null;
  return db.user.create({
    data: { tenantId, platform: 'local', platformUserId: `u-${randomUUID()}`, role, site: extra.site ?? null, departmentId: department?.id ?? null },
  });
}

export async function seedGroup(
  db: Db,
  tenantId: string,
  name: string,
  options: { settings?: object; isFallback?: boolean; members?: { userId: string; position?: number; isLead?: boolean }[]; channelThreadId?: string } = {},
) {
  return db.engineerGroup.create({
    data: {
      tenantId,
      name,
      settings: options.settings ?? WORKDAY,
      isFallback: options.isFallback ?? false,
      channelThreadId: options.channelThreadId ?? null,
      members: { create: (options.members ?? []).map((m, i) => ({ userId: m.userId, position: m.position ?? i, isLead: m.isLead ?? false })) },
    },
  });
}

export async function seedQuestion(db: Db, tenantId: string, userId: string, options: { tags?: string[]; lang?: string } = {}) {
  const article = options.tags
    ? await db.article.create({ data: { tenantId, slug: `a-${randomUUID()}`, tags: options.tags } })
    : null;
  return db.question.create({
    data: {
      tenantId,
      userId,
      threadId: `local:${userId}`,
      messageId: randomUUID(),
      lang: options.lang ?? 'en',
      text: 'How do I post a goods receipt?',
      outcome: 'unanswered',
      topArticleId: article?.id ?? null,
    },
  });
}
