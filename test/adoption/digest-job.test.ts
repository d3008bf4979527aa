/**
 * The digest jobs on real Redis (BullMQ) and a real database: the fan-out run
 * twice sends each manager one message; a run after a crash halfway sends
 * only what is still owed; schedules exist per recipient time zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobSystem } from '../../src/jobs/system.js';
import type { ResolvedRedis } from '../../src/jobs/redis.js';
import { OutboundDelivery } from '../../src/delivery/outbound.js';
import { registerDeliveryJobs } from '../../src/delivery/jobs.js';
import { LocalInbox } from '../../src/bot/local/inbox.js';
import { localSender } from '../../src/bot/local/sender.js';
import { UserDirectory } from '../../src/directory/users.js';
import { DIGEST_CRON, digestDeliveryKey, digestScheduleId, registerDigestJobs, sendDigests, syncDigestSchedules } from '../../src/adoption/digest-jobs.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';
import { SHARED_REDIS, TEST_REDIS_URL, deleteKeys, uniquePrefix, waitFor } from '../jobs/helpers.js';
import { seedMetricsTenant, WEEK_B, type SeededTenant } from './metrics-seed.js';

const redis: ResolvedRedis = { kind: 'local', url: TEST_REDIS_URL, connectionOptions: { ...SHARED_REDIS }, stop: async () => {} };

let db: TestDatabase;
let seed: SeededTenant;
let jobs: JobSystem;
let prefix: string;
let outbound: OutboundDelivery;
// Monday 2026-12-07 09:00 in Shanghai: the digest reports week B.
const now = () => new Date('2026-12-07T01:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  seed = await seedMetricsTenant(db.prisma);
  prefix = uniquePrefix('digests');
  jobs = new JobSystem(redis, silentLogger, { prefix, defaultJobOptions: { backoff: { type: 'fixed', delay: 20 } } });
  const inbox = new LocalInbox(db.prisma);
  outbound = new OutboundDelivery(db.prisma, jobs, { local: localSender(inbox, new UserDirectory(db.prisma)) }, silentLogger);
  registerDeliveryJobs(jobs, outbound);
  registerDigestJobs(jobs, { db: db.prisma, outbound, now, log: silentLogger });
  await jobs.start();
});
afterAll(async () => {
  await jobs?.close();
  if (prefix) await deleteKeys(prefix);
  await db?.drop();
});

async function inboxCount(key: string): Promise<number> {
  return db.prisma.localInboxMessage.count({ where: { tenantId: seed.tenantId, userId: seed.people[key]! } });
}

async function allSent(count: number) {
  return waitFor(async () => (await db.prisma.outboundDelivery.count({ where: { kind: 'digest', status: 'sent' } })) === count, `${count} digests sent`);
}

describe('digest jobs', () => {
  it('run twice for the same week, send each manager exactly one message', async () => {
    await jobs.enqueue('digests.fan-out', { tenantId: seed.tenantId, timeZone: 'Asia/Shanghai' });
    await allSent(2); // Mia and Sam are in Shanghai; Noah is in Berlin.
    await jobs.enqueue('digests.fan-out', { tenantId: seed.tenantId, timeZone: 'Asia/Shanghai' });
    const second = await sendDigests({ db: db.prisma, outbound, now, log: silentLogger }, seed.tenantId, { timeZone: 'Asia/Shanghai' });
    expect(second).toMatchObject({ weekStart: WEEK_B, recipients: 2, delivered: 0, alreadyDelivered: 2 });
    await waitFor(async () => ((await jobs.queue('digests').getJobCounts('completed')).completed ?? 0) >= 2, 'both fan-out runs completed');
    expect(await inboxCount('mia')).toBe(1);
    expect(await inboxCount('sam')).toBe(1);
    expect(await inboxCount('noah')).toBe(0);
    const [message] = await db.prisma.localInboxMessage.findMany({ where: { userId: seed.people.mia! } });
    expect(JSON.stringify(message!.message)).toContain('Adoption digest, week 2026-W49');
  });

  it('after a crash halfway, sends only the digests still owed', async () => {
    // As if a Berlin run had recorded nothing yet, and a re-send for Noah alone was recorded before a crash.
    const first = await sendDigests({ db: db.prisma, outbound, now, log: silentLogger }, seed.tenantId, { recipientId: seed.people.noah!, weekStart: WEEK_B });
    expect(first.delivered).toBe(1);
    await jobs.enqueue('digests.weekly', { tenantId: seed.tenantId, managerId: seed.people.noah!, weekStart: WEEK_B });
    await jobs.enqueue('digests.fan-out', { tenantId: seed.tenantId });
    await allSent(3);
    await waitFor(async () => ((await jobs.queue('digests').getJobCounts('completed')).completed ?? 0) >= 4, 'all runs completed');
    expect([await inboxCount('mia'), await inboxCount('sam'), await inboxCount('noah')]).toEqual([1, 1, 1]);
    const keys = (await db.prisma.outboundDelivery.findMany({ where: { kind: 'digest' }, select: { deliveryKey: true } })).map((d) => d.deliveryKey);
    expect(keys.sort()).toEqual(['mia', 'noah', 'sam'].map((k) => digestDeliveryKey(seed.tenantId, seed.people[k]!, WEEK_B)).sort());
    const noah = await db.prisma.localInboxMessage.findFirstOrThrow({ where: { userId: seed.people.noah! } });
    expect((noah.message as { lang: string }).lang).toBe('zh-CN');
  });

  it('schedule Monday 09:00 in each recipient time zone', async () => {
    const ids = await syncDigestSchedules(db.prisma, jobs);
    expect(ids).toEqual([digestScheduleId(seed.tenantId, 'Asia/Shanghai'), digestScheduleId(seed.tenantId, 'Europe/Berlin')].sort());
    const schedulers = await jobs.queue('digests').getJobSchedulers(0, -1);
    const byId = Object.fromEntries(schedulers.map((s) => [s.key, s]));
    expect(byId[digestScheduleId(seed.tenantId, 'Europe/Berlin')]).toMatchObject({ pattern: DIGEST_CRON, tz: 'Europe/Berlin' });
    // Noah moves to Shanghai: the Berlin schedule goes away.
    await db.prisma.user.update({ where: { id: seed.people.noah! }, data: { timezone: 'Asia/Shanghai' } });
    expect(await syncDigestSchedules(db.prisma, jobs)).toEqual([digestScheduleId(seed.tenantId, 'Asia/Shanghai')]);
    expect((await jobs.queue('digests').getJobSchedulers(0, -1)).map((s) => s.key)).toEqual([digestScheduleId(seed.tenantId, 'Asia/Shanghai')]);
  });
});
