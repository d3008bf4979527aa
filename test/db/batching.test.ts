/**
 * Group commit of the hot statements (redelivery guard, user lookups,
 * question inserts) against a real database: many callers in one loop turn
 * share a statement, and each still gets exactly its own answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MicroBatcher } from '../../src/db/batcher.js';
import { uuid7 } from '../../src/db/uuid7.js';
import { EventDeduplicator } from '../../src/bot/core/dedupe.js';
import { UserDirectory } from '../../src/directory/users.js';
import { QuestionLog } from '../../src/knowledge/questions.js';
import { createTestDatabase, type TestDatabase } from './helpers.js';

describe('MicroBatcher', () => {
  it('runs the calls of one loop turn as one batch, in order, and the next turn as another', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => {
      batches.push([...items]);
      return items.map((n) => n * 10);
    });
    const first = await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    const second = await batcher.add(4);
    expect(first).toEqual([10, 20, 30]);
    expect(second).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('splits at the size cap and rejects every caller of a failed batch', async () => {
    const sizes: number[] = [];
    const capped = new MicroBatcher<number, number>(async (items) => {
      sizes.push(items.length);
      return [...items];
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => capped.add(n)));
    expect(sizes).toEqual([2, 2, 1]);

    const failing = new MicroBatcher<number, number>(async () => {
      throw new Error('database went away');
    });
    const results = await Promise.allSettled([failing.add(1), failing.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const short = new MicroBatcher<number, number>(async () => [1]);
    await expect(Promise.all([short.add(1), short.add(2)])).rejects.toThrow(/1 results for 2 items/);
  });
});

describe('uuid7', () => {
  it('is a version-7 UUID whose first 48 bits are the time, so ids sort by creation', () => {
    const a = uuid7(1_700_000_000_000);
    const b = uuid7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(a.replace(/-/g, '').slice(0, 12), 16)).toBe(1_700_000_000_000);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => uuid7())).size).toBe(1000);
  });
});

describe('batched statements on a real database', () => {
  let db: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    tenantId = (await db.prisma.tenant.create({ data: { platform: 'slack', externalId: 'TBATCH' } })).id;
  });
  afterAll(async () => db?.drop());

  it('the redelivery guard lets exactly one caller through per key, even for copies in the same batch', async () => {
    const dedupe = new EventDeduplicator(db.prisma);
    const keys = Array.from({ length: 60 }, (_, i) => `slack:TBATCH:Ev${i % 20}`);
    const verdicts = await Promise.all(keys.map((k) => dedupe.firstDelivery(k)));
    const winners = keys.filter((_, i) => verdicts[i]);
    expect(winners).toHaveLength(20);
    expect(new Set(winners).size).toBe(20);
    expect(await Promise.all(['slack:TBATCH:Ev3', 'slack:TBATCH:Ev-new'].map((k) => dedupe.firstDelivery(k)))).toEqual([false, true]);
    expect(await db.prisma.processedEvent.count()).toBe(21);
  });

  it('user lookups in one batch each get their own person, and unknown people are created', async () => {
    const users = new UserDirectory(db.prisma);
    const ids = Array.from({ length: 30 }, (_, i) => `UB${i}`);
    const created = await Promise.all(ids.map((id) => users.ensure(tenantId, 'slack', id, { displayName: `Person ${id}` })));
    await db.prisma.user.update({ where: { id: created[7]!.id }, data: { role: 'manager', locale: 'zh-CN' } });
    const again = await Promise.all(ids.map((id) => users.ensure(tenantId, 'slack', id)));
    expect(again.map((u) => u.platformUserId)).toEqual(ids);
    expect(again.map((u) => u.id)).toEqual(created.map((u) => u.id));
    expect(again[7]).toMatchObject({ role: 'manager', locale: 'zh-CN', displayName: 'Person UB7' });
    expect(again[8]).toMatchObject({ role: 'end_user', locale: null });
    // Another tenant's person with the same platform id is somebody else.
    const other = (await db.prisma.tenant.create({ data: { platform: 'slack', externalId: 'TOTHER' } })).id;
    const stranger = await users.ensure(other, 'slack', 'UB7');
    expect(stranger.id).not.toBe(created[7]!.id);
    expect(stranger.role).toBe('end_user');
  });

  it('questions recorded together are stored whole: text, arrays, nulls and the time in UTC', async () => {
    const log = new QuestionLog(db.prisma);
    const user = await new UserDirectory(db.prisma).ensure(tenantId, 'slack', 'UQ1');
    const before = Date.now();
    const texts = ['How do I request leave?', '怎么请假？😀', "It's \"quoted\" \\ and {json}", 'x'.repeat(4000)];
    const ids = await Promise.all(
      texts.map((text, i) =>
        log.record({
          tenantId,
          userId: user.id,
          threadId: `slack:TBATCH:D1:${i}`,
          messageId: `m${i}`,
          lang: i === 1 ? 'zh-CN' : 'en',
          text,
          answered: i % 2 === 0,
          topArticleId: i % 2 === 0 ? `article-${i}` : undefined,
          confidence: i === 3 ? undefined : 0.5 + i / 10,
          shownArticleIds: i === 0 ? ['a1', 'a2'] : [],
        }),
      ),
    );
    const rows = await db.prisma.question.findMany({ where: { id: { in: ids } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    texts.forEach((text, i) => {
      const row = byId.get(ids[i]!)!;
      expect(row.text).toBe(text);
      expect(row.outcome).toBe(i % 2 === 0 ? 'answered' : 'unanswered');
      expect(row.topArticleId).toBe(i % 2 === 0 ? `article-${i}` : null);
      expect(row.confidence).toBe(i === 3 ? null : 0.5 + i / 10);
      expect(row.shownArticleIds).toEqual(i === 0 ? ['a1', 'a2'] : []);
      expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 5);
    });
    expect(await log.find(tenantId, ids[0]!)).toMatchObject({ text: texts[0], userId: user.id });
  });
});
