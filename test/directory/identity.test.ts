/**
 * Linking chat accounts to roster people by email, on a real database: the
 * chat row absorbs the roster row's attributes and everything pointing at it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/adoption/roster.js';
import { ingestUsage } from '../../src/adoption/usage.js';
import { PERSON_COLUMNS, linkChatAccountByEmail } from '../../src/directory/identity.js';
import { UserDirectory } from '../../src/directory/users.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

const ROSTER = [
  'email,name,department,role,manager,site,wave,go-live date',
  'mia@example.com,Mia Manager,Finance,manager,,Shanghai,Wave 1,2025-03-01',
  'ann@example.com,Ann Analyst,Finance,champion,mia@example.com,Shanghai,Wave 1,2025-03-01',
  'bob@example.com,Bob Buyer,Finance,end_user,ann@example.com,Beijing,Wave 1,2025-03-01',
].join('\n');

async function tenantWithRoster(externalId: string) {
  const tenantId = (await db.prisma.tenant.create({ data: { platform: 'slack', externalId } })).id;
  const imported = await importRoster(db.prisma, tenantId, ROSTER, { now: () => new Date('2025-06-01T00:00:00Z') });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  return tenantId;
}

describe('linking a chat account to its roster entry', () => {
  it('gives the chat account the roster attributes, reports and usage, and removes the roster row', async () => {
    const tenantId = await tenantWithRoster('TLINK1');
    const placeholder = await db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'ann@example.com' } });
    expect(placeholder.platformUserId).toBe('roster:ann@example.com');
    const usage = await ingestUsage(db.prisma, tenantId, [
      { user: 'ann@example.com', action: 'login', module: 'finance', at: '2025-05-01T09:00:00Z' },
      { user: 'ann@example.com', action: 'invoice', module: 'finance', at: '2025-05-02T09:00:00Z' },
    ]);
    expect(usage.ok).toBe(true);

    const users = new UserDirectory(db.prisma);
    const chat = await users.ensure(tenantId, 'slack', 'U0ANN', { displayName: 'ann.s' });
    await users.updateProfile(tenantId, chat.id, { email: 'Ann@Example.com' });

    const linked = await db.prisma.user.findUniqueOrThrow({ where: { id: chat.id }, include: { department: true, wave: true } });
    expect(linked).toMatchObject({ email: 'ann@example.com', role: 'champion', site: 'Shanghai', displayName: 'ann.s' });
    expect(linked.department?.name).toBe('Finance');
    expect(linked.wave?.name).toBe('Wave 1');
    const mia = await db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'mia@example.com' } });
    expect(linked.managerId).toBe(mia.id);
    const bob = await db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'bob@example.com' } });
    expect(bob.managerId).toBe(chat.id);
    expect(await db.prisma.usageEvent.count({ where: { tenantId, userId: chat.id } })).toBe(2);
    expect(await db.prisma.user.count({ where: { id: placeholder.id } })).toBe(0);
    // The next message finds the person with the roster's role.
    expect((await users.ensure(tenantId, 'slack', 'U0ANN')).role).toBe('champion');
    // Again: nothing left to absorb, nothing changes.
    expect(await linkChatAccountByEmail(db.prisma, tenantId, chat.id, 'ann@example.com')).toBe('no_roster_entry');
    expect(await db.prisma.user.count({ where: { tenantId } })).toBe(3);
  });

  it('keeps the chat account\'s own entry where both had one for the same survey run', async () => {
    const tenantId = await tenantWithRoster('TLINK2');
    const survey = await db.prisma.survey.create({ data: { tenantId, key: 'pulse', definition: {} } });
    const run = await db.prisma.surveyRun.create({ data: { tenantId, surveyId: survey.id, occurrenceKey: 'once', opensAt: new Date(), closesAt: new Date() } });
    const placeholder = await db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'bob@example.com' } });
    const chat = await new UserDirectory(db.prisma).ensure(tenantId, 'slack', 'U0BOB');
    await db.prisma.surveyInvite.create({ data: { tenantId, runId: run.id, userId: placeholder.id } });
    const own = await db.prisma.surveyInvite.create({ data: { tenantId, runId: run.id, userId: chat.id, sentAt: new Date() } });
    expect(await linkChatAccountByEmail(db.prisma, tenantId, chat.id, 'bob@example.com')).toBe('linked');
    const invites = await db.prisma.surveyInvite.findMany({ where: { runId: run.id } });
    expect(invites.map((i) => i.id)).toEqual([own.id]);
  });

  it('never reaches into another tenant, and an email nobody rostered is simply recorded', async () => {
    const tenantA = await tenantWithRoster('TLINK3');
    const tenantB = (await db.prisma.tenant.create({ data: { platform: 'slack', externalId: 'TLINK4' } })).id;
    const stranger = await new UserDirectory(db.prisma).ensure(tenantB, 'slack', 'U0MIA');
    expect(await linkChatAccountByEmail(db.prisma, tenantB, stranger.id, 'mia@example.com')).toBe('no_roster_entry');
    expect(await db.prisma.user.count({ where: { tenantId: tenantA, platformUserId: 'roster:mia@example.com' } })).toBe(1);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: stranger.id } })).email).toBe('mia@example.com');
  });
});

describe('PERSON_COLUMNS', () => {
  /** Id columns that hold something other than a person. */
  const NOT_PEOPLE = new Set([
    'tenantId', 'articleId', 'questionId', 'groupId', 'runId', 'surveyId', 'escalationId', 'departmentId', 'waveId',
    'platformUserId', 'employeeId', 'messageId', 'threadId', 'topArticleId', 'externalId', 'platformMessageId',
    'userThreadId', 'engineerThreadId', 'channelThreadId',
  ]);

  it('lists every column of the schema that holds a person, so linking moves all of them', () => {
    const schema = readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');
    const found: string[] = [];
    for (const model of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
      for (const field of model[2]!.matchAll(/^\s+(\w+Id)\s+String\??/gm)) {
        if (!NOT_PEOPLE.has(field[1]!)) found.push(`${model[1]}.${field[1]}`);
      }
    }
    expect(PERSON_COLUMNS.map((c) => `${c.table}.${c.column}`).sort()).toEqual(found.sort());
  });
});
