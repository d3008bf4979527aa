/**
 * Recognition, thanks on a peer's answer, leaderboard and opt-out through the
 * local channel: real HTTP into the real app over a migrated database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, startTestApp, type TestApp } from '../support/app.js';
import { EscalationService } from '../../src/escalations/service.js';
import { thanksButton } from '../../src/bot/handlers/recognize.js';
import type { OutgoingMessage } from '../../src/bot/core/types.js';

let t: TestApp;
const ids: Record<string, string> = {};

async function inbox(userId: string): Promise<OutgoingMessage[]> {
  const res = await fetch(`${t.baseUrl}/api/local/messages?userId=${encodeURIComponent(userId)}`);
  return ((await res.json()) as { messages: { message: OutgoingMessage }[] }).messages.map((m) => m.message);
}

const say = async (userId: string, text: string) => (await t.ask(userId, text))[0]!;

beforeAll(async () => {
  t = await startTestApp();
  const people: [string, string][] = [
    ['alice', 'Alice Chen'],
    ['bob', 'Bob Li'],
    ['zhang', '张伟'],
    ['carol', 'Carol <!channel> *Wu*'],
    ['dave', 'Dave'],
  ];
  for (const [userId, name] of people) await t.ask(userId, 'hello', { name });
  const finance = await t.db.prisma.department.create({ data: { tenantId: t.localTenantId, name: 'Finance' } });
  for (const [userId] of people) {
    const user = await t.db.prisma.user.update({
      where: { tenantId_platform_platformUserId: { tenantId: t.localTenantId, platform: 'local', platformUserId: userId } },
      data: { departmentId: finance.id, email: `${userId}@example.com` },
    });
    ids[userId] = user.id;
  }
});

afterAll(async () => {
  await t?.close();
});

describe('recognize @person', () => {
  it('thanks a colleague by @id; they get a private message with the reason', async () => {
    const reply = await say('alice', 'recognize @bob for fixing my expense report');
    expect(reply.text).toBe('Thank you! I let Bob Li know that you recognised them.');
    const [dm] = await inbox('bob');
    expect(dm!.blocks[0]).toEqual({ kind: 'heading', text: 'You were recognised!' });
    expect(dm!.text).toContain('Alice Chen recognised you: “fixing my expense report”');
    const row = await t.db.prisma.recognition.findFirstOrThrow({ where: { tenantId: t.localTenantId, receiverId: ids.bob } });
    expect(row).toMatchObject({ giverId: ids.alice, kind: 'recognize', reason: 'fixing my expense report' });
  });

  it('finds people by a display name with spaces, and by email', async () => {
    expect((await say('alice', 'recognize @Bob Li for the great Excel tip')).text).toBe('Thank you! I let Bob Li know that you recognised them.');
    const reasons = (await t.db.prisma.recognition.findMany({ where: { receiverId: ids.bob }, orderBy: { createdAt: 'asc' } })).map((r) => r.reason);
    expect(reasons).toEqual(['fixing my expense report', 'the great Excel tip']);
    expect((await say('zhang', 'kudos @dave@example.com for the training')).text).toBe('Thank you! I let Dave know that you recognised them.');
  });

  it('refuses self-credit and the third thanks to the same colleague in a week, saying why', async () => {
    expect((await say('alice', 'recognize @alice for being great')).text).toBe('You cannot recognise yourself. Thank a colleague who helped you instead!');
    expect((await say('alice', 'recognize @bob for one more thing')).text).toBe(
      'You have already thanked Bob Li 2 times this week, the weekly limit for one colleague. Thank someone else, or again next week.',
    );
    expect(await t.db.prisma.recognition.count({ where: { giverId: ids.alice } })).toBe(2);
  });

  it('refuses a sixth thanks in a day', async () => {
    const daily = 'You have already thanked colleagues 5 times today, the daily limit. You can thank more people tomorrow.';
    for (const [i, r] of ['alice', 'bob', 'carol', 'zhang', 'alice'].entries()) {
      expect((await say('dave', `recognize @${r} for help ${i}`)).text).toMatch(/^Thank you! I let /);
    }
    expect((await say('dave', 'recognize @bob for more help')).text).toBe(daily);
    expect(await t.db.prisma.recognition.count({ where: { giverId: ids.dave } })).toBe(5);
  });

  it('works in Chinese: 感谢 @某人 …', async () => {
    const reply = await say('zhang', '感谢 @alice 帮我解决了报销问题');
    expect(reply.lang).toBe('zh-CN');
    expect(reply.text).toBe('谢谢！我已经告诉 Alice Chen，你表扬了他/她。');
    const row = await t.db.prisma.recognition.findFirstOrThrow({ where: { giverId: ids.zhang, receiverId: ids.alice } });
    expect(row.reason).toBe('帮我解决了报销问题');
  });

  it('says clearly who it could not find, and how to use the command', async () => {
    expect((await say('alice', 'recognize @nobody for nothing')).text).toBe('I could not find "nobody" here. Mention them (@name) or use their email address.');
    expect((await say('alice', 'recognize')).text).toMatch(/^To thank a colleague, write: recognize @name/);
    // "thanks!" alone is politeness, not a command: the knowledge base answers as usual.
    expect((await say('alice', 'thanks!')).text).not.toMatch(/To thank a colleague/);
  });
});

describe('"Thanks, this helped" on a peer\'s answer', () => {
  it('credits the champion who answered the asker\'s escalated question, once, and only from the asker', async () => {
    await t.db.prisma.user.update({ where: { id: ids.carol! }, data: { role: 'champion' } });
    const question = await t.db.prisma.question.create({
      data: { tenantId: t.localTenantId, userId: ids.zhang!, threadId: 'local:zhang', messageId: 'q-thanks', lang: 'zh-CN', text: '怎么冲销凭证？', outcome: 'unanswered' },
    });
    const escalations = new EscalationService({ db: t.db.prisma });
    const { escalation } = await escalations.create({ tenantId: t.localTenantId, questionId: question.id });
    await escalations.claim(t.localTenantId, escalation.id, ids.carol!);

    const button = thanksButton('zh-CN', question.id, ids.carol!);
    expect(button.label).toBe('谢谢，帮到我了');
    expect((await t.press('dave', button))[0]!.text).toBe('只有提问的人才能为这条回答致谢。');
    const [given] = await t.press('zhang', button);
    expect(given!.text).toMatch(/^谢谢！我已经告诉 Carol <!channel> \*Wu\*，他\/她的回答帮到了你。$/);
    expect((await t.press('zhang', button))[0]!.text).toMatch(/已经为这条回答感谢过/);
    // A forged value naming someone who did not answer gets nothing.
    expect((await t.press('zhang', thanksButton('en', question.id, ids.bob!)))[0]!.text).toMatch(/找不到这条回答了|cannot find that answer/);
    const rows = await t.db.prisma.recognition.findMany({ where: { kind: 'thanks' } });
    expect(rows).toEqual([expect.objectContaining({ giverId: ids.zhang, receiverId: ids.carol, questionId: question.id })]);
    const dms = await inbox('carol');
    expect(dms.at(-1)!.text).toContain('says your answer helped');
  });
});

describe('leaderboard and opt-out', () => {
  it('shows the department\'s top champions with their points, in the asker\'s language', async () => {
    const board = await say('bob', 'leaderboard');
    expect(board.blocks[0]).toEqual({ kind: 'heading', text: 'Top champions in Finance (last 30 days)' });
    const lines = (board.blocks[1] as { text: string }).text.split('\n');
    // carol: thanks 3 + claimed zhang's question 3 (she is a champion) + dave's recognition 2 = 8
    // alice: recognised by zhang and twice by dave = 3 × 2, plus 1 active day (she asked "thanks!") = 7
    // bob: alice ×2 + dave ×1 = 6; zhang: dave 2 + 1 active day (his question) = 3; dave: zhang = 2
    expect(lines).toEqual([
      '1. Carol <!channel> *Wu*: 8 points (thanks for answers: 1, questions claimed: 1, recognitions: 1)',
      '2. Alice Chen: 7 points (recognitions: 3, active days: 1)',
      '3. Bob Li: 6 points (recognitions: 3)',
      '4. 张伟: 3 points (recognitions: 1, active days: 1)',
      '5. Dave: 2 points (recognitions: 1)',
    ]);
    const zh = await say('zhang', '排行榜');
    expect(zh.blocks[0]).toEqual({ kind: 'heading', text: 'Finance 的热心同事排行榜（最近 30 天）' });
    expect(zh.text).toContain('2. Alice Chen：7 分（被表扬 3 次，活跃 1 天）');
  });

  it('"no recognition" keeps a person off the leaderboard; "allow recognition" puts them back', async () => {
    expect((await say('bob', 'no recognition')).text).toMatch(/^OK, you will not be named on leaderboards/);
    expect((await say('alice', 'leaderboard')).text).not.toContain('Bob Li');
    expect((await say('zhang', '不要公开表彰')).text).toMatch(/^好的，排行榜和月度之星公告中将不会出现你的名字/);
    expect((await say('alice', 'leaderboard')).text).not.toContain('张伟');
    await say('bob', 'allow recognition');
    expect((await say('alice', 'leaderboard')).text).toContain('Bob Li');
  });

  it('someone without a department sees the whole organisation\'s board', async () => {
    await t.ask('newbie', 'hello', { name: 'New Person' });
    const board = await say('newbie', 'leaderboard');
    expect(board.blocks[0]).toEqual({ kind: 'heading', text: 'Top champions (last 30 days)' });
    expect(buttonsOf(board)).toEqual([]);
  });
});
