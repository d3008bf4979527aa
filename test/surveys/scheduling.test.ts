/**
 * Survey schedules in real Redis: a recurring survey is one BullMQ job
 * scheduler with a stable id (changed in place, removed with the schedule),
 * D+N runs follow each wave's go-live, and the fatigue guard holds a
 * lower-priority survey back instead of sending a second one within the window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../jobs/helpers.js';
import { fanOutJobId } from '../../src/surveys/service.js';
import { surveyScene, type SurveyScene } from './scene.js';

const DAY = 86_400_000;
const START = new Date('2030-02-20T00:00:00Z');

const survey = (key: string, schedule: string, extra = '') => `
key: ${key}
title: { en: "Pulse", zh-CN: "脉搏" }
questions:
  - { id: mood, type: rating, title: { en: "How is it going?", zh-CN: "进展如何？" } }
schedule: ${schedule}
${extra}`;

describe('survey schedules', () => {
  let s: SurveyScene;
  beforeAll(async () => {
    s = await surveyScene({ start: START, people: [{ name: 'ann', department: 'Finance', wave: 'Wave 1' }, { name: 'bo', department: 'Sales', wave: 'Wave 2' }] });
    // Wave 1 went live 2030-03-01 09:00 Shanghai; Wave 2 a month later.
    await s.t.db.prisma.rolloutWave.updateMany({ where: { name: 'Wave 2' }, data: { goLiveAt: new Date('2030-04-01T01:00:00Z') } });
  });
  afterAll(async () => s?.close());

  it('a recurring survey is one job scheduler, changed in place and removed when the schedule changes', async () => {
    const service = s.t.app.surveys.service;
    const applied = await service.apply(s.t.localTenantId, survey('monthly', '{ type: recurring, cron: "0 10 1-7 * 1", tz: Asia/Shanghai }'), 'monthly.yaml');
    if (!applied.ok) throw new Error(JSON.stringify(applied.problems));
    await service.apply(s.t.localTenantId, survey('monthly', '{ type: recurring, cron: "0 10 1-7 * 1", tz: Asia/Shanghai }'), 'monthly.yaml');
    let schedulers = await s.jobs.queue('surveys').getJobSchedulers();
    expect(schedulers.map((j) => [j.key, j.pattern, j.tz])).toEqual([[`survey-${applied.surveyId}`, '0 10 1-7 * 1', 'Asia/Shanghai']]);

    await service.apply(s.t.localTenantId, survey('monthly', '{ type: recurring, cron: "30 9 * * 5", tz: Europe/Berlin }'), 'monthly.yaml');
    schedulers = await s.jobs.queue('surveys').getJobSchedulers();
    expect(schedulers.map((j) => [j.key, j.pattern, j.tz])).toEqual([[`survey-${applied.surveyId}`, '30 9 * * 5', 'Europe/Berlin']]);

    await service.apply(s.t.localTenantId, survey('monthly', '{ type: once, at: "2030-06-01T10:00", tz: Asia/Shanghai }'), 'monthly.yaml');
    expect(await s.jobs.queue('surveys').getJobSchedulers()).toEqual([]);
    expect((await s.jobs.queue('surveys').getJob(fanOutJobId(applied.surveyId, 'once')))?.delay).toBeGreaterThan(90 * DAY);
    await service.unschedule(s.t.localTenantId, applied.surveyId);
    expect(await s.jobs.queue('surveys').getJob(fanOutJobId(applied.surveyId, 'once'))).toBeUndefined();
    expect(await s.t.db.prisma.surveyRun.count({ where: { surveyId: applied.surveyId } })).toBe(0);
  });

  it('a fired recurring job opens the run named after its time, for the people targeted', async () => {
    const applied = await s.t.app.surveys.service.apply(s.t.localTenantId, survey('weekly', '{ type: recurring, cron: "0 10 * * 1", tz: Asia/Shanghai }', 'targeting: { type: waves, waves: [Wave 2] }'), 'weekly.yaml');
    if (!applied.ok) throw new Error(JSON.stringify(applied.problems));
    const outcome = await s.t.app.surveys.runs.fanOut(applied.surveyId, 'recurring', `repeat:survey-${applied.surveyId}:${Date.UTC(2030, 1, 25, 2)}`);
    expect(outcome).toEqual({ invited: 1, queued: 1 });
    const run = await s.t.db.prisma.surveyRun.findFirstOrThrow({ where: { surveyId: applied.surveyId } });
    expect(run).toMatchObject({ occurrenceKey: '2030-02-25T10:00', status: 'open', opensAt: new Date(Date.UTC(2030, 1, 25, 2)) });
    await waitFor(async () => (await s.inbox('bo')).length === 1, 'bo gets the weekly pulse');
    await s.t.app.surveys.service.unschedule(s.t.localTenantId, applied.surveyId);
  });

  it('D+7, D+30 and D+90 follow each wave\'s go-live, and a moved go-live moves the queued runs', async () => {
    const service = s.t.app.surveys.service;
    const applied = await service.apply(s.t.localTenantId, survey('after-go-live', '{ type: relative, days: [7, 30, 90], at: "10:00", tz: Asia/Shanghai }'), 'relative.yaml');
    if (!applied.ok) throw new Error(JSON.stringify(applied.problems));
    const runs = await s.t.db.prisma.surveyRun.findMany({ where: { surveyId: applied.surveyId }, orderBy: { opensAt: 'asc' } });
    expect(runs.map((r) => r.opensAt.toISOString())).toEqual([
      '2030-03-08T02:00:00.000Z',
      '2030-03-31T02:00:00.000Z',
      '2030-04-08T02:00:00.000Z',
      '2030-05-01T02:00:00.000Z',
      '2030-05-30T02:00:00.000Z',
      '2030-06-30T02:00:00.000Z',
    ]);
    const delayed = await s.jobs.queue('surveys').getDelayed();
    expect(delayed.filter((j) => j.data.surveyId === applied.surveyId)).toHaveLength(6);

    // Wave 2 slips by a week: re-planning (the CLI's `survey schedule`) moves its three runs.
    await s.t.db.prisma.rolloutWave.updateMany({ where: { name: 'Wave 2' }, data: { goLiveAt: new Date('2030-04-08T01:00:00Z') } });
    await service.schedule(s.t.localTenantId, applied.surveyId);
    const wave2 = await s.t.db.prisma.rolloutWave.findFirstOrThrow({ where: { name: 'Wave 2' } });
    const moved = await s.t.db.prisma.surveyRun.findFirstOrThrow({ where: { surveyId: applied.surveyId, occurrenceKey: `D+7:${wave2.id}` } });
    expect(moved.opensAt.toISOString()).toBe('2030-04-15T02:00:00.000Z');
    const job = await s.jobs.queue('surveys').getJob(fanOutJobId(applied.surveyId, `D+7:${wave2.id}`));
    expect(job!.delay).toBeGreaterThan(moved.opensAt.getTime() - START.getTime() - DAY);
    expect((await s.jobs.queue('surveys').getDelayed()).filter((j) => j.data.surveyId === applied.surveyId)).toHaveLength(6);
    await service.unschedule(s.t.localTenantId, applied.surveyId);
  });

  it('the fatigue guard holds a less important survey until the window has passed; a more important one goes', async () => {
    const service = s.t.app.surveys.service;
    const at = '{ type: once, at: "2030-02-20T08:00", tz: Asia/Shanghai }';
    const routine = await service.apply(s.t.localTenantId, survey('routine', at, 'priority: 100\ntargeting: { type: departments, departments: [Finance] }'), 'a.yaml');
    if (!routine.ok) throw new Error('apply');
    await waitFor(async () => (await s.inbox('ann')).length === 1, 'routine survey to ann');
    const lesser = await service.apply(s.t.localTenantId, survey('lesser', at, 'priority: 200\nclosesAfterDays: 14\ntargeting: { type: departments, departments: [Finance] }'), 'b.yaml');
    if (!lesser.ok) throw new Error('apply');
    const lesserRun = await s.t.db.prisma.surveyRun.findFirstOrThrow({ where: { surveyId: lesser.surveyId } });
    const invite = await waitFor(() => s.t.db.prisma.surveyInvite.findFirst({ where: { runId: lesserRun.id } }), 'lesser invite');
    const waiting = await waitFor(async () => (await s.jobs.queue('surveys').getDelayed()).find((j) => j.id?.startsWith(`invite.${invite.id}.w`)), 'invite waits');
    expect(waiting.delay).toBeGreaterThan(6 * DAY);
    expect(await s.inbox('ann')).toHaveLength(1);

    const urgent = await service.apply(s.t.localTenantId, survey('urgent', at, 'priority: 1\ntargeting: { type: departments, departments: [Finance] }'), 'c.yaml');
    if (!urgent.ok) throw new Error('apply');
    await waitFor(async () => (await s.inbox('ann')).length === 2, 'the urgent survey still reaches ann');
  });
});
