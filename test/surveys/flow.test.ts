/**
 * A survey from file to results on real PostgreSQL and Redis, with a clock
 * the test moves: applied and planned, fanned out to exactly its audience,
 * answered (and changed) from chat, one reminder to those who did not answer,
 * closed with the results sent to the owner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../jobs/helpers.js';
import { fanOutJobId } from '../../src/surveys/service.js';
import { promote, surveyBlock, surveyScene, type SurveyScene } from './scene.js';

const OPENS = new Date('2030-03-02T02:00:00Z'); // 10:00 in Asia/Shanghai
const HOUR = 3_600_000;

const definition = (extra = '') => `
key: go-live-pulse
title: { en: "How is the new system going?", zh-CN: "新系统用得怎么样？" }
questions:
  - id: ease
    type: rating
    title: { en: "How easy is your daily work in it?", zh-CN: "日常工作用起来容易吗？" }
  - id: recommend
    type: nps
    title: { en: "Would you recommend it to a colleague?", zh-CN: "您会向同事推荐吗？" }
  - id: modules
    type: multiple_choice
    required: false
    title: { en: "Which modules do you use?", zh-CN: "您使用哪些模块？" }
    options:
      - { id: finance, label: { en: Finance, zh-CN: 财务 } }
      - { id: hr, label: { en: HR, zh-CN: 人事 } }
  - id: comments
    type: text
    required: false
    title: { en: "Anything we should fix?", zh-CN: "有什么需要改进的？" }
targeting: { type: departments, departments: [Finance] }
schedule: { type: once, at: "2030-03-02T10:00", tz: Asia/Shanghai }
reminderAfterHours: 24
closesAfterDays: 3
${extra}`;

describe('a survey from file to results', () => {
  let s: SurveyScene;
  let surveyId: string;
  let runId: string;

  beforeAll(async () => {
    s = await surveyScene({
      start: new Date(OPENS.getTime() - 2 * 24 * HOUR),
      people: [
        { name: 'ann', department: 'Finance', wave: 'Wave 1' },
        { name: 'bo', department: 'Finance', wave: 'Wave 1', locale: 'zh-CN' },
        { name: 'cy', department: 'Finance', wave: 'Wave 2' },
        { name: 'dee', department: 'Finance', wave: 'Wave 2' },
        { name: 'eli', department: 'Sales', wave: 'Wave 1' },
        { name: 'owner', department: 'PMO', role: 'manager' },
      ],
    });
  });
  afterAll(async () => s?.close());

  it('rejects a half-valid file with the path of each problem and stores nothing', async () => {
    const broken = definition().replace('zh-CN: "日常工作用起来容易吗？"', 'zh: "x"').replace('[Finance]', '[Finanse]');
    const result = await s.t.app.surveys.service.apply(s.t.localTenantId, broken, 'pulse.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['questions[0].title.zh', 'questions[0].title.zh-CN']));
    const unknownDepartment = await s.t.app.surveys.service.apply(s.t.localTenantId, definition().replace('[Finance]', '[Finanse]'), 'pulse.yaml');
    expect(unknownDepartment).toMatchObject({ ok: false, problems: [{ path: 'targeting.departments[0]' }] });
    expect(await s.t.db.prisma.survey.count()).toBe(0);
    expect(await s.jobs.queue('surveys').getJobCounts()).toMatchObject({ delayed: 0, waiting: 0 });
  });

  it('plans the run as one delayed fan-out job with a stable id; re-applying keeps one', async () => {
    const owner = s.people.owner!;
    const first = await s.t.app.surveys.service.apply(s.t.localTenantId, definition(), 'pulse.yaml', { userId: owner.id });
    if (!first.ok) throw new Error(JSON.stringify(first.problems));
    surveyId = first.surveyId;
    expect(first.plan.occurrences.map((o) => o.opensAt)).toEqual([OPENS]);
    const again = await s.t.app.surveys.service.apply(s.t.localTenantId, definition(), 'pulse.yaml', { userId: owner.id });
    expect(again).toMatchObject({ ok: true, created: false });
    const delayed = await s.jobs.queue('surveys').getDelayed();
    expect(delayed.map((j) => j.id)).toEqual([fanOutJobId(surveyId, 'once')]);
    expect(delayed[0]!.delay).toBeGreaterThan(47 * HOUR);
    runId = (await s.t.db.prisma.surveyRun.findFirstOrThrow({ where: { surveyId } })).id;
  });

  it('at its time sends one survey to each person targeted, in their language, and nothing to others', async () => {
    // Time passes; re-planning (as a restart or re-applied file would) moves the job to "now".
    s.clock.set(OPENS);
    await s.t.app.surveys.service.schedule(s.t.localTenantId, surveyId);
    await waitFor(async () => (await s.t.db.prisma.outboundDelivery.count({ where: { kind: 'survey', status: 'sent' } })) === 4, 'four invites sent');
    for (const name of ['ann', 'cy', 'dee']) {
      const [message, ...more] = await s.inbox(name);
      expect(more).toEqual([]);
      expect(message!.lang).toBe('en');
      expect(surveyBlock(message!)?.questions.map((q) => q.id)).toEqual(['ease', 'recommend', 'modules', 'comments']);
    }
    const [zh] = await s.inbox('bo');
    expect(zh!.text).toContain('新系统用得怎么样？');
    expect(await s.inbox('eli')).toEqual([]);
    expect(await s.inbox('owner')).toEqual([]);
    expect(await s.t.db.prisma.surveyRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: 'open' });
  });

  it('a fan-out run again (retry, crash recovery) sends nothing twice', async () => {
    await s.t.app.surveys.runs.fanOut(surveyId, 'once', 'manual');
    await s.jobs.queue('surveys').add('surveys.fan-out', { surveyId, runKey: 'once' }, { jobId: 'fanout-again' });
    await waitFor(async () => (await s.jobs.queue('surveys').getJob('fanout-again'))?.finishedOn, 'second fan-out done');
    await waitFor(async () => (await s.jobs.queue('outbound').getJobCounts('waiting', 'active', 'delayed')).waiting === 0, 'outbound drained');
    expect(await s.t.db.prisma.outboundDelivery.count({ where: { kind: 'survey' } })).toBe(4);
    expect((await s.inbox('ann')).length).toBe(1);
  });

  it('takes answers from chat and lets people change them until close', async () => {
    const saved = await s.t.press('ann', { id: 'survey.answer', value: `${runId}|ease|2` });
    expect(saved[0]!.text).toContain('Saved your answer to "How easy is your daily work in it?"');
    await s.t.press('ann', { id: 'survey.answer', value: `${runId}|ease|4` });
    await s.t.press('ann', { id: 'survey.answer', value: `${runId}|recommend|10` });
    await s.t.press('ann', { id: 'survey.answer', value: `${runId}|modules|finance` });
    await s.t.press('ann', { id: 'survey.answer', value: `${runId}|modules|hr` });
    const done = await s.t.press('ann', { id: `survey.text|${runId}|comments`, value: 'Reports are slow' });
    expect(done[0]!.text).toContain('every question is answered');
    const zh = await s.t.press('bo', { id: 'survey.answer', value: `${runId}|ease|5` });
    expect(zh[0]!.text).toContain('已保存');
    await s.t.press('bo', { id: 'survey.answer', value: `${runId}|recommend|3` });
    expect((await s.t.press('bo', { id: 'survey.answer', value: `${runId}|ease|9` }))[0]!.text).toContain('不符合');
    expect((await s.t.press('eli', { id: 'survey.answer', value: `${runId}|ease|3` }))[0]!.text).toContain('not sent to you');

    const rows = await s.t.db.prisma.surveyResponse.findMany({ where: { runId }, orderBy: { department: 'asc' } });
    expect(rows.map((r) => r.answers)).toEqual(
      expect.arrayContaining([
        { ease: 4, recommend: 10, modules: ['finance', 'hr'], comments: 'Reports are slow' },
        { ease: 5, recommend: 3 },
      ]),
    );
    expect(rows).toHaveLength(2);
  });

  it('reminds only those who have not answered, once, after the configured delay', async () => {
    const remind = await s.jobs.queue('surveys').getJob(`remind.${runId}`);
    expect(remind!.delay).toBeGreaterThan(23 * HOUR);
    s.clock.advance(25 * HOUR);
    await promote(s.jobs, `remind.${runId}`);
    await waitFor(async () => (await s.t.db.prisma.outboundDelivery.count({ where: { kind: 'survey_reminder', status: 'sent' } })) === 2, 'two reminders');
    for (const name of ['cy', 'dee']) expect((await s.inbox(name)).map((m) => m.text.split('\n')[1])).toEqual([expect.stringContaining('asks for a minute'), expect.stringContaining('A reminder')]);
    expect((await s.inbox('ann')).length).toBe(1);
    await s.t.app.surveys.runs.remind(surveyId, 'once');
    expect(await s.t.db.prisma.outboundDelivery.count({ where: { kind: 'survey_reminder' } })).toBe(2);
  });

  it('closes at its time and sends the owner the results; late answers are refused', async () => {
    s.clock.advance(3 * 24 * HOUR);
    await promote(s.jobs, `close.${runId}`);
    await waitFor(async () => (await s.inbox('owner')).length === 1, 'results to the owner');
    const [summary] = await s.inbox('owner');
    expect(summary!.text).toContain('Responses: 2 of 4 invited (50%)');
    const body = summary!.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(body).toContain('average 4.5 from 2 answers');
    expect(body).toContain('NPS 0 (1 promoters, 0 passives, 1 detractors; 2 answers)');
    expect(body).toContain('Reports are slow');
    expect(body).toContain('Finance: 2 responses');
    expect(body).toContain('Wave 1: 2 responses');
    expect((await s.t.press('cy', { id: 'survey.answer', value: `${runId}|ease|3` }))[0]!.text).toContain('has closed');
  });

  it('"stop surveys" (or 停止调查) keeps a person out of later runs', async () => {
    expect((await s.t.ask('cy', 'stop surveys'))[0]!.text).toContain('no more surveys');
    expect((await s.t.ask('dee', '停止调查'))[0]!.text).toContain('不再收到调查');
    const users = await s.t.db.prisma.user.findMany({ where: { platformUserId: { in: ['cy', 'dee'] } } });
    expect(users.map((u) => u.surveyOptOut)).toEqual([true, true]);
    expect((await s.t.ask('cy', 'start surveys'))[0]!.text).toContain('surveys again');
  });
});
