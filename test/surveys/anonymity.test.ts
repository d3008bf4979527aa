/**
 * An anonymous survey leaves nothing that links an answer to the person who
 * gave it: after answering (and changing the answer) and closing, every row
 * of every table, every key in Redis (queued and finished jobs included) and
 * every log line from answering on is searched for the respondent's ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger, deleteKeys, waitFor, SHARED_REDIS } from '../jobs/helpers.js';
import { createRedisClient, closeRedisClient } from '../../src/jobs/redis-client.js';
import { promote, surveyScene, type SurveyScene } from './scene.js';

const OPENS = new Date('2030-05-06T02:00:00Z');
const SECRET_TEXT = 'zq-anonymous-comment-7731';

const definition = `
key: anonymous-pulse
anonymous: true
title: { en: "Honest feedback", zh-CN: "坦诚反馈" }
questions:
  - { id: ease, type: rating, title: { en: "How easy is it?", zh-CN: "容易吗？" } }
  - { id: note, type: text, required: false, title: { en: "Tell us anything", zh-CN: "任何意见" } }
schedule: { type: once, at: "2030-05-06T10:00", tz: Asia/Shanghai }
`;

describe('an anonymous survey', () => {
  let s: SurveyScene;
  const capture = captureLogger('debug');
  const names = ['resp-kx81', 'peer-a1', 'peer-b2', 'peer-c3', 'peer-d4', 'peer-e5'];

  beforeAll(async () => {
    s = await surveyScene({ start: OPENS, log: capture.logger, people: [...names.map((name) => ({ name, department: 'Finance', wave: 'Wave 1' })), { name: 'owner-z9' }] });
  });
  afterAll(async () => {
    await s?.close();
    await deleteKeys(s.prefix);
  });

  it('keeps no link from any answer to the respondent in rows, Redis or logs', async () => {
    const respondent = s.people['resp-kx81']!;
    const ids = [respondent.id, 'resp-kx81'];
    const applied = await s.t.app.surveys.service.apply(s.t.localTenantId, definition, 'anon.yaml', { userId: s.people['owner-z9']!.id });
    if (!applied.ok) throw new Error(JSON.stringify(applied.problems));
    await waitFor(async () => (await s.t.db.prisma.outboundDelivery.count({ where: { kind: 'survey', status: 'sent' } })) === names.length + 1, 'invites sent');
    const run = await s.t.db.prisma.surveyRun.findFirstOrThrow({ where: { surveyId: applied.surveyId } });

    // The home view lists the survey until the person answers, though the invite is never marked answered.
    const tenant = await s.t.app.tenants.ensure('local', 'local');
    const pendingOnHome = async () => {
      const section = s.t.app.services.home.find((h) => h.name === 'pending-surveys')!;
      const user = { id: respondent.id, tenantId: tenant.id, platformUserId: 'resp-kx81', displayName: 'resp-kx81', role: 'end_user' as const, locale: null, platformLocale: null };
      return JSON.stringify(await section.render({ tenant, user, lang: 'en' })).includes('anonymous-pulse');
    };
    expect(await pendingOnHome()).toBe(true);

    const logStart = capture.lines.length;
    await s.t.press('resp-kx81', { id: 'survey.answer', value: `${run.id}|ease|2` });
    await s.t.press('resp-kx81', { id: 'survey.answer', value: `${run.id}|ease|3` });
    await s.t.press('resp-kx81', { id: `survey.text|${run.id}|note`, value: SECRET_TEXT });
    for (const peer of names.slice(1)) await s.t.press(peer, { id: 'survey.answer', value: `${run.id}|ease|4` });

    const responses = await s.t.db.prisma.surveyResponse.findMany({ where: { runId: run.id } });
    expect(responses).toHaveLength(names.length);
    expect(responses.every((r) => r.userId === null && r.submittedAt.getTime() === run.opensAt.getTime())).toBe(true);
    expect(responses.find((r) => (r.answers as { note?: string }).note === SECRET_TEXT)?.answers).toEqual({ ease: 3, note: SECRET_TEXT });
    expect(await pendingOnHome()).toBe(false);
    // The invite is not marked as answered (that would point at who answered).
    expect(await s.t.db.prisma.surveyInvite.count({ where: { runId: run.id, respondedAt: { not: null } } })).toBe(0);

    s.clock.advance(8 * 86_400_000);
    await promote(s.jobs, `close.${run.id}`);
    await waitFor(async () => (await s.inbox('owner-z9')).length === 2, 'results to the owner');
    expect((await s.t.db.prisma.surveyResponse.findMany({ where: { runId: run.id } })).every((r) => r.respondentKey === null)).toBe(true);

    // Every row of every table: a row that holds an answer never names the respondent.
    const tables = await s.t.db.prisma.$queryRawUnsafe<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    let answerRows = 0;
    for (const { table_name } of tables) {
      const rows = await s.t.db.prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
      for (const { row } of rows) {
        const holdsAnswer = row.includes(SECRET_TEXT) || (table_name === 'SurveyResponse') || (table_name === 'AdoptionEvent' && row.includes('survey_answered'));
        if (!holdsAnswer) continue;
        answerRows++;
        for (const id of ids) expect(row, `${table_name} row links an answer to the respondent`).not.toContain(id);
      }
    }
    expect(answerRows).toBeGreaterThanOrEqual(names.length + 1);

    // Every key in Redis under this app's prefix: jobs never carry answers, and nothing with an answer carries the person.
    const redis = createRedisClient(SHARED_REDIS);
    try {
      const values: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${s.prefix}:*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) values.push(`${key} ${await dump(redis, key)}`);
      } while (cursor !== '0');
      expect(values.length).toBeGreaterThan(0);
      for (const value of values) {
        expect(value).not.toContain(SECRET_TEXT);
        if (value.includes(run.id) && value.includes('ease')) for (const id of ids) expect(value).not.toContain(id);
      }
    } finally {
      await closeRedisClient(redis);
    }

    // Log lines from the first answer on (answering, closing, results).
    const lines = capture.lines.slice(logStart).map((line) => JSON.stringify(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) for (const id of [...ids, SECRET_TEXT]) expect(line).not.toContain(id);
  });
});

async function dump(redis: ReturnType<typeof createRedisClient>, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, '0', '-1'));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}
