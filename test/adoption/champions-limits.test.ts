/**
 * The anti-gaming limits when recognition is given (RecognitionService.give):
 * each refusal names its rule and writes nothing; concurrent gifts from one
 * giver cannot slip past the daily limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';
import { RecognitionService } from '../../src/adoption/recognition.js';
import { silentLogger } from '../../src/log.js';

let db: TestDatabase;
let service: RecognitionService;
let tenantId: string;
const ids: Record<string, string> = {};

/** Shanghai wall time. */
const sh = (local: string) => new Date(`${local}+08:00`);

beforeAll(async () => {
  db = await createTestDatabase();
  service = new RecognitionService(db.prisma, async () => 'sent', silentLogger);
  tenantId = (await db.prisma.tenant.create({ data: { platform: 'local', externalId: 'limits', timezone: 'Asia/Shanghai' } })).id;
  for (const name of ['giver', 'pairs', 'busy', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'boss', 'report']) {
    ids[name] = (await db.prisma.user.create({ data: { tenantId, platform: 'local', platformUserId: name, displayName: name } })).id;
  }
  await db.prisma.user.update({ where: { id: ids.boss! }, data: { role: 'manager' } });
});

afterAll(async () => {
  await db?.drop();
});

const give = (giver: string, receiver: string, now: Date, kind: 'recognize' | 'thanks' | 'endorsement' = 'recognize', questionId?: string) =>
  service.give({ tenantId, giverId: ids[giver]!, receiverId: ids[receiver]!, kind, reason: 'helped', now, ...(questionId ? { questionId } : {}) });

const count = (where: Record<string, unknown> = {}) => db.prisma.recognition.count({ where: { tenantId, ...where } });

describe('recognition limits', () => {
  it('refuses self-credit and records nothing', async () => {
    expect(await give('giver', 'giver', sh('2026-11-03T10:00:00'))).toEqual({ kind: 'self' });
    expect(await count({ receiverId: ids.giver })).toBe(0);
  });

  it('allows 5 thanks per giver per local day; the 6th is refused, the next local day is fine', async () => {
    for (const r of ['r1', 'r2', 'r3', 'r4', 'r5']) expect((await give('giver', r, sh('2026-11-03T10:00:00'))).kind).toBe('given');
    expect(await give('giver', 'r6', sh('2026-11-03T23:59:00'))).toEqual({ kind: 'daily_limit', limit: 5 });
    // 00:30 Wednesday in Shanghai is still Tuesday in UTC: the tenant's day has turned, so it is allowed.
    expect((await give('giver', 'r6', sh('2026-11-04T00:30:00'))).kind).toBe('given');
    expect(await count({ giverId: ids.giver })).toBe(6);
    expect(await db.prisma.adoptionEvent.count({ where: { tenantId, kind: 'recognition_given', userId: ids.giver } })).toBe(6);
  });

  it('caps one giver→receiver pair at 2 a week; the next week starts afresh', async () => {
    expect((await give('pairs', 'r7', sh('2026-11-02T09:00:00'))).kind).toBe('given');
    expect((await give('pairs', 'r7', sh('2026-11-05T09:00:00'), 'thanks')).kind).toBe('given');
    expect(await give('pairs', 'r7', sh('2026-11-08T22:00:00'))).toMatchObject({ kind: 'pair_limit', limit: 2 });
    // Another colleague the same week is fine.
    expect((await give('pairs', 'r8', sh('2026-11-08T22:00:00'))).kind).toBe('given');
    expect((await give('pairs', 'r7', sh('2026-11-09T08:00:00'))).kind).toBe('given');
    expect(await count({ giverId: ids.pairs, receiverId: ids.r7 })).toBe(3);
  });

  it('thanks the same answer only once', async () => {
    const q = '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee';
    expect((await give('r1', 'r2', sh('2026-11-10T09:00:00'), 'thanks', q)).kind).toBe('given');
    expect(await give('r1', 'r2', sh('2026-11-10T09:05:00'), 'thanks', q)).toMatchObject({ kind: 'already_thanked' });
  });

  it('lets only managers (or the receiver\'s own manager) endorse; endorsements are outside the thanks limits', async () => {
    expect(await give('r3', 'r4', sh('2026-11-10T09:00:00'), 'endorsement')).toEqual({ kind: 'not_manager' });
    expect((await give('boss', 'r4', sh('2026-11-10T09:00:00'), 'endorsement')).kind).toBe('given');
    await db.prisma.user.update({ where: { id: ids.report! }, data: { managerId: ids.r3 } });
    expect((await give('r3', 'report', sh('2026-11-10T09:00:00'), 'endorsement')).kind).toBe('given');
  });

  it('ten simultaneous gifts from one giver: exactly five get through', async () => {
    const receivers = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'boss', 'report'];
    const now = sh('2026-11-20T10:00:00');
    const results = await Promise.all(receivers.map((r) => give('busy', r, now)));
    expect(results.filter((r) => r.kind === 'given')).toHaveLength(5);
    expect(results.filter((r) => r.kind === 'daily_limit')).toHaveLength(5);
    expect(await count({ giverId: ids.busy })).toBe(5);
  });
});

describe('finding the person a mention names', () => {
  it('a Teams mention: by the 29: id on their conversation reference, or their AAD object id', async () => {
    const mei = await db.prisma.user.create({
      data: { tenantId, platform: 'teams', platformUserId: '00000000-aaaa-bbbb-cccc-000000000001', displayName: 'Mei Lin', conversationRef: { user: { id: '29:1meiLin' } } },
    });
    expect((await service.byTeamsMention(tenantId, { id: '29:1meiLin' }))?.id).toBe(mei.id);
    expect((await service.byTeamsMention(tenantId, { id: '29:other', aadObjectId: '00000000-aaaa-bbbb-cccc-000000000001' }))?.id).toBe(mei.id);
    expect(await service.byTeamsMention(tenantId, { id: '29:nobody' })).toBeNull();
    // Names and emails are matched case-insensitively, only within the tenant.
    expect((await service.byHandle(tenantId, 'mei lin')).map((p) => p.id)).toEqual([mei.id]);
  });
});
