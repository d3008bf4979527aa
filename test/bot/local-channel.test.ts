/**
 * The local channel end to end: real HTTP into the real app over a real,
 * migrated database with the demo knowledge base.
 */
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('asking questions', () => {
  it('answers an English question from the knowledge base with the source, related articles and feedback buttons', async () => {
    const [reply] = await t.ask('alice', 'How do I submit an expense claim?');
    expect(reply!.lang).toBe('en');
    const heading = reply!.blocks.find((b) => b.kind === 'heading');
    expect(heading).toMatchObject({ text: 'Submit an expense claim' });
    const source = reply!.blocks.find((b) => b.kind === 'source');
    expect(source?.kind === 'source' && source.link.url).toMatch(/^http:\/\/hypercare\.test\/kb\/[^/]+\/expenses-submit-claim\?lang=en&sig=/);
    expect(buttonsOf(reply!).map((b) => b.label)).toEqual(['Yes', 'No']);
    expect(reply!.text).toContain('Did this help?');
  });

  it('answers a Chinese question in Chinese, from the Chinese version', async () => {
    const [reply] = await t.ask('bob', '怎么请假？');
    expect(reply!.lang).toBe('zh-CN');
    expect(reply!.blocks[0]).toMatchObject({ kind: 'heading', text: '如何请假' });
    expect(buttonsOf(reply!).map((b) => b.label)).toEqual(['有帮助', '没帮助']);
  });

  it('handles a mixed-script question as Chinese', async () => {
    const [reply] = await t.ask('carol', '怎么在ERP里重置密码');
    expect(reply!.lang).toBe('zh-CN');
    expect(reply!.blocks[0]).toMatchObject({ kind: 'heading', text: '重置密码' });
  });

  it('says it does not know, in the asker\'s language, and records the knowledge gap', async () => {
    const [en] = await t.ask('dave', 'What is the airspeed velocity of an unladen swallow?');
    expect(en!.blocks[0]).toMatchObject({ kind: 'heading', text: "I don't know the answer to that yet" });
    expect(buttonsOf(en!)).toEqual([]);
    const [zh] = await t.ask('dave', '公司年会在哪里举行？');
    expect(zh!.blocks[0]).toMatchObject({ kind: 'heading', text: '这个问题我暂时还答不上来' });
    const gaps = await t.db.prisma.question.findMany({ where: { tenantId: t.localTenantId, outcome: 'unanswered' } });
    expect(gaps.map((g) => g.text)).toEqual(
      expect.arrayContaining(['What is the airspeed velocity of an unladen swallow?', '公司年会在哪里举行？']),
    );
  });

  it('never shows an administrators-only article to an end user, but does to an admin', async () => {
    const question = 'How do I add a new employee account as an administrator?';
    const [asUser] = await t.ask('erin', question);
    expect(JSON.stringify(asUser)).not.toContain('admin-add-employee-account');
    await t.ask('frank', 'hello'); // first contact creates frank; the roster would make him an admin
    await t.db.prisma.user.updateMany({ where: { tenantId: t.localTenantId, platformUserId: 'frank' }, data: { role: 'admin' } });
    const [asAdmin] = await t.ask('frank', question);
    expect(JSON.stringify(asAdmin)).toContain('admin-add-employee-account');
  });
});

describe('feedback', () => {
  it('"Yes" teaches the article the question as an alternate phrasing', async () => {
    const phrasing = 'where do I put in my taxi receipts';
    const [answer] = await t.ask('gina', phrasing);
    const yes = buttonsOf(answer!).find((b) => b.label === 'Yes')!;
    const [thanks] = await t.press('gina', yes);
    expect(thanks!.text).toMatch(/Glad it helped/);
    const question = await t.db.prisma.question.findFirstOrThrow({ where: { tenantId: t.localTenantId, text: phrasing } });
    const alternates = await t.db.prisma.alternateQuestion.findMany({ where: { articleId: question.topArticleId! } });
    expect(alternates.map((a) => a.text)).toContain(phrasing);
  });

  it('"No" is recorded and offers a next step; only the asker can rate', async () => {
    const [answer] = await t.ask('hank', 'How do I check my leave balance?');
    const no = buttonsOf(answer!).find((b) => b.label === 'No')!;
    const [other] = await t.press('ivan', no);
    expect(other!.text).toBe('Only the person who asked can rate this answer.');
    const [reply] = await t.press('hank', no);
    expect(reply!.text).toMatch(/more detail/);
    // No engineer groups in this tenant: no engineer to offer.
    expect(buttonsOf(reply!)).toEqual([]);
    const feedback = await t.db.prisma.feedback.findMany({ where: { tenantId: t.localTenantId, helpful: false } });
    expect(feedback).toHaveLength(1);
  });

  it('a forged or stale feedback value gets a clear answer', async () => {
    const [reply] = await t.press('hank', { id: 'answer.feedback', value: 'not-a-question|yes' });
    expect(reply!.text).toMatch(/cannot find that answer/);
    const [unknown] = await t.press('hank', { id: 'no.such.action', value: 'x' });
    expect(unknown!.text).toMatch(/no longer active/);
  });
});

describe('commands and language', () => {
  it('help answers in the language it was asked in', async () => {
    expect((await t.ask('jack', 'help'))[0]!.text).toMatch(/rollout assistant/);
    expect((await t.ask('jack', '帮助'))[0]!.text).toMatch(/上线助手/);
  });

  it('"lang zh" makes later answers Chinese even for English questions; "lang auto" undoes it', async () => {
    expect((await t.ask('kate', 'lang zh'))[0]!.text).toBe('好的，以后我会用中文回答。');
    const [reply] = await t.ask('kate', 'How do I request leave?');
    expect(reply!.lang).toBe('zh-CN');
    expect(reply!.blocks[0]).toMatchObject({ kind: 'heading', text: '如何请假' });
    await t.ask('kate', 'lang auto');
    expect((await t.ask('kate', 'How do I request leave?'))[0]!.lang).toBe('en');
  });
});

describe('bad input', () => {
  it('a 100 KB message gets a polite refusal naming the limit, and nothing is stored', async () => {
    const before = await t.db.prisma.question.count();
    const [reply] = await t.ask('leo', 'a'.repeat(100_000));
    expect(reply!.text).toBe('Your message is 100000 characters long; I read at most 4000. Please send just the question.');
    expect(await t.db.prisma.question.count()).toBe(before);
  });

  it('control characters (a NUL PostgreSQL cannot store) are dropped, and the question is still answered and recorded', async () => {
    const [reply] = await t.ask('nia', 'How do I\u0000 request\u0007 leave?');
    expect(reply!.blocks[0]).toMatchObject({ kind: 'heading' });
    const stored = await t.db.prisma.question.findFirstOrThrow({ where: { text: { contains: 'request' } }, orderBy: { createdAt: 'desc' } });
    expect(stored.text).toBe('How do I request leave?');
  });

  it('empty and emoji-only messages get a prompt instead of a search', async () => {
    expect((await t.ask('mia', '   '))[0]!.text).toMatch(/Ask me a question/);
    expect((await t.ask('mia', '👍🎉'))[0]!.text).toMatch(/I can only read text/);
  });

  it('rejects malformed requests with a 4xx that names the problem', async () => {
    const bad = await t.post('{"userId": "x", "text": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not valid JSON/);
    const both = await t.post({ userId: 'x', text: 'hi', action: { id: 'a', value: 'b' } });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/either "text" or "action"/);
    const badUser = await t.post({ userId: '<script>', text: 'hi' });
    expect(badUser.body.error.message).toMatch(/userId may hold/);
    const wrongType = await fetch(`${t.baseUrl}/api/local/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(wrongType.status).toBe(415);
    const huge = await fetch(`${t.baseUrl}/api/local/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'x', text: 'a'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });

  it('a client-supplied messageId sent twice is answered once', async () => {
    const first = await t.ask('nina', 'How do I reset my password?', { messageId: 'm-1' });
    const again = await t.ask('nina', 'How do I reset my password?', { messageId: 'm-1' });
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
  });
});

describe('proactive inbox', () => {
  it('returns messages pushed to a local user after the cursor, and nothing for strangers', async () => {
    await t.ask('olga', 'hello');
    const user = await t.app.services.users.idOf(t.localTenantId, 'local', 'olga');
    await t.app.inbox.push(t.localTenantId, user!, { lang: 'en', text: 'Survey time', blocks: [{ kind: 'text', text: 'Survey time' }] });
    const first = (await (await fetch(`${t.baseUrl}/api/local/messages?userId=olga`)).json()) as any;
    expect(first.messages.map((m: any) => m.message.text)).toEqual(['Survey time']);
    const next = (await (await fetch(`${t.baseUrl}/api/local/messages?userId=olga&after=${first.cursor}`)).json()) as any;
    expect(next.messages).toEqual([]);
    expect(next.cursor).toBe(first.cursor);
    const stranger = (await (await fetch(`${t.baseUrl}/api/local/messages?userId=nobody`)).json()) as any;
    expect(stranger.messages).toEqual([]);
    const bad = await fetch(`${t.baseUrl}/api/local/messages?userId=olga&after=abc`);
    expect(bad.status).toBe(400);
  });
});

describe('web chat and health', () => {
  it('serves the chat page and health endpoints', async () => {
    const page = await fetch(`${t.baseUrl}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('/api/local/messages');
    // The page's script must at least compile (it is a string inside TypeScript, so tsc cannot check it).
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(() => new vm.Script(script)).not.toThrow();
    expect((await (await fetch(`${t.baseUrl}/healthz`)).json()) as any).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).checks.database).toBe('ok');
  });
});
