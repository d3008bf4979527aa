/**
 * Reminders of an anonymous survey, sent in batches: only people who have not
 * answered (found by their keyed hashes, since the invite is never marked
 * answered) and have not opted out get one, each once, even when the
 * reminder job and its batches run again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../jobs/helpers.js';
import { promote, surveyScene, type SurveyScene } from './scene.js';

const OPENS = new Date('2030-06-03T02:00:00Z');
const HOUR = 3_600_000;

const definition = `
key: anonymous-check-in
anonymous: true
title: { en: "Quick check-in", zh-CN: "快速回访" }
questions:
  - { id: ease, type: rating, title: { en: "How easy is it?", zh-CN: "容易吗？" } }
schedule: { type: once, at: "2030-06-03T10:00", tz: Asia/Shanghai }
reminderAfterHours: 24
closesAfterDays: 5
`;

describe('survey reminders', () => {
  let s: SurveyScene;
  const names = ['rem-ann', 'rem-bo', 'rem-cy', 'rem-dee', 'rem-eli'];

  beforeAll(async () => {
    s = await surveyScene({ start: OPENS, people: [...names.map((name) => ({ name, department: 'Ops' })), { name: 'rem-owner' }] });
  });
  afterAll(async () => s?.close());

  it('reminds, in batches, only those of an anonymous survey who neither answered nor opted out, once', async () => {
    const applied = await s.t.app.surveys.service.apply(s.t.localTenantId, definition, 'check-in.yaml', { userId: s.people['rem-owner']!.id });
    if (!applied.ok) throw new Error(JSON.stringify(applied.problems));
    await waitFor(async () => (await s.t.db.prisma.outboundDelivery.count({ where: { kind: 'survey', status: 'sent' } })) === names.length + 1, 'invites sent');
    const run = await s.t.db.prisma.surveyRun.findFirstOrThrow({ where: { surveyId: applied.surveyId } });

    await s.t.press('rem-ann', { id: 'survey.answer', value: `${run.id}|ease|4` });
    await s.t.press('rem-bo', { id: 'survey.answer', value: `${run.id}|ease|2` });
    await s.t.press('rem-owner', { id: 'survey.answer', value: `${run.id}|ease|5` });
    expect((await s.t.ask('rem-cy', 'stop surveys'))[0]!.text).toContain('no more surveys');

    s.clock.advance(25 * HOUR);
    await promote(s.jobs, `remind.${run.id}`);
    const remindedNames = async () => {
      const rows = await s.t.db.prisma.outboundDelivery.findMany({ where: { kind: 'survey_reminder', status: 'sent' } });
      return rows.map((row) => names.find((name) => s.people[name]!.id === row.userId)).sort();
    };
    await waitFor(async () => (await remindedNames()).length === 2, 'two reminders');
    expect(await remindedNames()).toEqual(['rem-dee', 'rem-eli']);
    for (const name of ['rem-dee', 'rem-eli']) expect((await s.inbox(name)).map((m) => m.text)).toEqual([expect.stringContaining('Quick check-in'), expect.stringContaining('A reminder')]);
    for (const name of ['rem-ann', 'rem-bo', 'rem-cy']) expect(await s.inbox(name)).toHaveLength(1);

    // The batch was one job for every invite still due at the time, answered or not (anonymity keeps that unknown until the batch checks).
    const batches = await s.jobs.queue('surveys').getJobs(['completed']);
    const reminderBatches = batches.filter((job) => job.name === 'surveys.send-reminders');
    expect(reminderBatches).toHaveLength(1);
    expect(reminderBatches[0]!.data.inviteIds).toHaveLength(names.length + 1);
    expect(JSON.stringify(reminderBatches[0]!.data)).not.toMatch(/rem-/);

    // Both steps again (a retried job, a second replica): nothing is sent twice. The people
    // who answered anonymously or opted out are queued again (only a batch can tell), and skipped.
    expect(await s.t.app.surveys.runs.remind(applied.surveyId, 'once')).toBe(4);
    await waitFor(async () => (await s.jobs.queue('surveys').getJobs(['completed'])).filter((job) => job.name === 'surveys.send-reminders').length === 2, 'second batch done');
    await s.t.app.surveys.runs.sendReminders(reminderBatches[0]!.data.inviteIds);
    expect(await s.t.db.prisma.outboundDelivery.count({ where: { kind: 'survey_reminder' } })).toBe(2);
    expect(await s.t.db.prisma.surveyInvite.count({ where: { runId: run.id, remindedAt: { not: null } } })).toBe(2);
  });
});
