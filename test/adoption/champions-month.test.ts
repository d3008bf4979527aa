/**
 * Champion of the month through real BullMQ (Redis) and the outbound path:
 * announced once per department and month even when the job runs twice at
 * once, in the configured channels, opt-out respected, the manager's
 * endorsement named; and the scheduler's timing and stable id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { SHARED_REDIS, deleteKeys, uniquePrefix, waitFor } from '../jobs/helpers.js';
import { JobSystem } from '../../src/jobs/system.js';
import { silentLogger } from '../../src/log.js';
import { CHAMPION_OF_MONTH_SCHEDULE_ID, dueMonth, monthBounds, parseChampionSettings, scheduleChampionOfMonth } from '../../src/adoption/champion-of-month.js';
import type { OutgoingMessage } from '../../src/bot/core/types.js';

let t: TestApp;
let jobs: JobSystem;
const prefix = uniquePrefix('champions');
const ids: Record<string, string> = {};
/** Shanghai wall time. */
const sh = (local: string) => new Date(`${local}+08:00`);

async function inbox(userId: string): Promise<OutgoingMessage[]> {
  const res = await fetch(`${t.baseUrl}/api/local/messages?userId=${userId}`);
  return ((await res.json()) as { messages: { message: OutgoingMessage }[] }).messages.map((m) => m.message);
}

beforeAll(async () => {
  jobs = new JobSystem({ kind: 'url', connectionOptions: SHARED_REDIS }, silentLogger, { prefix });
  t = await startTestApp({ demo: false, jobs });
  await jobs.start();
  const p = t.db.prisma;
  const tenantId = t.localTenantId;
  await p.tenant.update({
    where: { id: tenantId },
    data: { timezone: 'Asia/Shanghai', settings: { champions: { announceThreadId: 'local:finance-room', departmentThreads: { Sales: 'local:sales-room' } } } },
  });
  const finance = await p.department.create({ data: { tenantId, name: 'Finance' } });
  const sales = await p.department.create({ data: { tenantId, name: 'Sales' } });
  const people: [string, string, string | null][] = [
    ['finance-room', 'Finance room', null],
    ['sales-room', 'Sales room', null],
    ['alice', 'Alice <b>Chen</b>', finance.id],
    ['bob', 'Bob', finance.id],
    ['boss', 'Boss Wang', finance.id],
    ['erin', 'Erin', sales.id],
    ['frank', 'Frank', sales.id],
  ];
  for (const [userId, name, departmentId] of people) {
    await t.ask(userId, 'hello', { name });
    ids[userId] = (await p.user.update({ where: { tenantId_platform_platformUserId: { tenantId, platform: 'local', platformUserId: userId } }, data: { departmentId } })).id;
  }
  await p.user.update({ where: { id: ids.boss! }, data: { role: 'manager' } });
  await p.user.update({ where: { id: ids.erin! }, data: { recognitionOptOut: true } });
  const give = (giver: string, receiver: string, kind: string, at: string, reason = '') =>
    p.recognition.create({ data: { tenantId, giverId: ids[giver]!, receiverId: ids[receiver]!, kind, reason, createdAt: sh(at) } });
  await give('bob', 'alice', 'recognize', '2026-11-10T10:00:00', 'great Excel training <!here>');
  await give('boss', 'bob', 'recognize', '2026-11-11T10:00:00', 'covered for me');
  await give('boss', 'alice', 'endorsement', '2026-11-20T10:00:00', 'Always helps the team');
  await give('frank', 'erin', 'thanks', '2026-11-12T10:00:00'); // erin scores highest in Sales but opted out
  await give('frank', 'erin', 'recognize', '2026-11-13T10:00:00');
  await give('erin', 'frank', 'recognize', '2026-11-14T10:00:00', 'best demo');
  await give('bob', 'frank', 'recognize', '2026-10-31T23:00:00'); // October in Shanghai: not November's
  await give('alice', 'bob', 'recognize', '2026-12-01T00:30:00'); // December in Shanghai (still November in UTC)
  await give('alice', 'bob', 'recognize', '2026-12-01T01:30:00');
});

afterAll(async () => {
  await jobs?.close();
  await t?.close();
  await deleteKeys(prefix);
});

describe('champion of the month', () => {
  it('is announced once per department even when the job runs twice at the same time', async () => {
    const runs = await Promise.all(
      ['first', 'second'].map((n) => jobs.enqueue('champions.monthly', { tenantId: t.localTenantId, month: '2026-11' }, { jobId: `champions-test-${n}` })),
    );
    await waitFor(async () => {
      const states = await Promise.all(runs.map(async ({ jobId }) => (await jobs.queue('digests').getJob(jobId))?.getState()));
      return states.every((s) => s === 'completed');
    }, 'both runs to complete');
    await waitFor(async () => (await t.db.prisma.outboundDelivery.count({ where: { kind: 'champion_of_month', status: 'sent' } })) === 4, 'announcements and DMs sent');

    const finance = await inbox('finance-room');
    expect(finance).toHaveLength(1);
    expect(finance[0]!.blocks).toEqual([
      { kind: 'heading', text: 'Champion of the month: Finance, November 2026' },
      {
        kind: 'text',
        text: 'Congratulations to Alice <b>Chen</b>, champion of Finance for November 2026, with 2 points (recognitions: 1). Thank you for helping your colleagues!',
      },
      { kind: 'text', text: 'Endorsed by Boss Wang: “Always helps the team”' },
      { kind: 'text', text: 'What colleagues said: “great Excel training <!here>”' },
    ]);
    // Bob also has 2 points (the boss's recognition; Alice's gifts on 1 December local time are December's): ties go by name.
    const sales = await inbox('sales-room');
    expect(sales).toHaveLength(1);
    expect(sales[0]!.text).toContain('Congratulations to Frank, champion of Sales for November 2026');
    expect(JSON.stringify(sales)).not.toContain('Erin');
    expect((await inbox('alice')).map((m) => m.text)).toContain('You are champion of the month for Finance (November 2026)! Thank you for helping your colleagues.');
    expect(await inbox('erin')).toEqual([]);
    expect(await t.db.prisma.recognition.count({ where: { kind: 'champion_of_month' } })).toBe(2);
  });

  it('a scheduled run later in the catch-up week posts nothing new', async () => {
    await jobs.enqueue('champions.monthly', {}, { jobId: 'champions-test-scheduled' });
    await waitFor(async () => (await (await jobs.queue('digests').getJob('champions-test-scheduled'))?.getState()) === 'completed', 'scheduled run');
    // Whether or not today is in a catch-up week, November's announcements exist once.
    expect(await inbox('finance-room')).toHaveLength(1);
    expect(await t.db.prisma.outboundDelivery.count({ where: { kind: 'champion_of_month' } })).toBe(4);
  });

  it('keeps one scheduler under a stable id however often it is registered', async () => {
    await scheduleChampionOfMonth(jobs);
    await scheduleChampionOfMonth(jobs);
    const schedulers = await jobs.queue('digests').getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual([CHAMPION_OF_MONTH_SCHEDULE_ID]);
    await jobs.removeSchedule(CHAMPION_OF_MONTH_SCHEDULE_ID, 'champions.monthly');
  });
});

describe('timing and settings', () => {
  it('is due from the configured local hour on the 1st through the 7th, for the month before', () => {
    expect(dueMonth(sh('2026-12-01T08:59:00'), 'Asia/Shanghai', 9)).toBeNull();
    expect(dueMonth(sh('2026-12-01T09:00:00'), 'Asia/Shanghai', 9)).toBe('2026-11');
    expect(dueMonth(sh('2026-12-07T23:00:00'), 'Asia/Shanghai', 9)).toBe('2026-11');
    expect(dueMonth(sh('2026-12-08T00:00:00'), 'Asia/Shanghai', 9)).toBeNull();
    expect(dueMonth(new Date('2027-01-03T12:00:00Z'), 'UTC', 9)).toBe('2026-12');
  });

  it('months are the tenant\'s local months', () => {
    expect(monthBounds('2026-11', 'Asia/Shanghai')).toEqual({ from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') });
    expect(() => monthBounds('2026-13', 'UTC')).toThrow(/must look like 2026-11/);
  });

  it('bad settings name the field', () => {
    expect(parseChampionSettings({ id: 't', name: 'Acme', settings: {} })).toBeNull();
    expect(() => parseChampionSettings({ id: 't', name: 'Acme', settings: { champions: { announceThreadId: '#general' } } })).toThrow(
      /Tenant "Acme" has invalid champion settings: champions.announceThreadId: must be a thread id/,
    );
  });
});
