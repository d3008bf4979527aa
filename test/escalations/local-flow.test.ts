/**
 * The whole escalation loop through the local channel's HTTP API, with the
 * real app, database and outbound path: the bot does not know → offer →
 * escalate → engineers notified (DM in their inbox) → a non-engineer is
 * refused → claim race told who won → follow-up and answer relayed both
 * ways → "still waiting?" → resolve → CSAT → save as article → publish →
 * the next person asking the same thing is answered by the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildHome } from '../../src/bot/home/index.js';
import { button, buttons, inboxReader, seedGroup, seedPerson } from './chat-support.js';

const QUESTION = 'How do I book the forklift for the quarterly stock count in warehouse B?';

let t: TestApp;
let inbox: ReturnType<typeof inboxReader>;
let ids: Record<'alice' | 'maria' | 'li' | 'bob', string>;

beforeAll(async () => {
  t = await startTestApp();
  inbox = inboxReader(t);
  const db = t.db.prisma;
  const tenantId = t.localTenantId;
  const alice = await seedPerson(db, tenantId, 'local', 'alice', { name: 'Alice Wang', department: 'Finance', wave: 'Wave 1' });
  const maria = await seedPerson(db, tenantId, 'local', 'maria', { role: 'engineer', name: 'Maria' });
  const li = await seedPerson(db, tenantId, 'local', 'li', { role: 'engineer', name: 'Li Lei' });
  const bob = await seedPerson(db, tenantId, 'local', 'bob', { name: 'Bob' });
  ids = { alice: alice.id, maria: maria.id, li: li.id, bob: bob.id };
  await seedGroup(db, tenantId, 'ERP', [maria.id, li.id]);
});
afterAll(async () => {
  await t?.close();
});

describe('escalation through the local channel', () => {
  it('runs from "I don\'t know" to an article the bot answers from', async () => {
    const db = t.db.prisma;
    // The bot does not know: it offers an engineer right away.
    const [unknown] = await t.ask('alice', QUESTION);
    expect(unknown!.blocks[0]).toMatchObject({ kind: 'heading', text: "I don't know the answer to that yet" });
    expect(buttons(unknown).map((b) => b.label)).toEqual(['Talk to an engineer']);

    const [created] = await t.press('alice', button(unknown, 'esc.talk'));
    const escalation = await db.escalation.findFirstOrThrow({ where: { tenantId: t.localTenantId, requesterId: ids.alice } });
    const onCall = escalation.assigneeId === ids.maria ? 'maria' : 'li';
    const other = onCall === 'maria' ? 'li' : 'maria';
    const onCallName = onCall === 'maria' ? 'Maria' : 'Li Lei';
    expect(created!.text).toContain(`I have passed your question to ${onCallName} (ERP). Expect an answer by`);
    expect(created!.text).toContain('"cancel"');

    // The on-call engineer's DM carries the question and its context, with the four buttons.
    const [alert] = await inbox(onCall);
    expect(alert!.text).toContain(QUESTION);
    expect(alert!.blocks).toContainEqual({
      kind: 'fields',
      fields: expect.arrayContaining([
        { label: 'From', value: 'Alice Wang' },
        { label: 'Department', value: 'Finance' },
        { label: 'Wave', value: 'Wave 1' },
        { label: 'Language', value: 'English' },
      ]),
    });
    expect(buttons(alert).map((b) => b.label)).toEqual(['Claim', 'Reassign', 'Resolve', 'Save as article']);

    // An end user pressing an engineer's button is refused, and nothing changes.
    const [refused] = await t.press('bob', button(alert, 'esc.claim'));
    expect(refused!.text).toMatch(/only the rollout team's engineers/);
    expect((await db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).status).toBe('open');

    // The claim race: the first engineer wins, the second is told who has it.
    const [won] = await t.press(onCall, button(alert, 'esc.claim'));
    expect(won!.text).toMatch(/^You have it\./);
    const [lost] = await t.press(other, button(alert, 'esc.claim'));
    expect(lost!.text).toBe(`${onCallName} already has this one.`);
    // The engineer's home view lists what waits for them, with the reference to answer by.
    const tenant = await t.app.tenants.ensure('local', 'local');
    const engineerRef = await t.app.services.users.ensure(tenant.id, 'local', onCall, {});
    const home = await buildHome(t.app.services.home, { tenant, user: engineerRef, lang: 'en' });
    expect(home).toContainEqual({ kind: 'heading', text: 'Questions waiting for you' });
    expect(JSON.stringify(home)).toContain(`#${escalation.id.replace(/-/g, '').slice(-6).toUpperCase()} “${QUESTION.slice(0, 79)}`);
    const [claimedNotice] = await inbox('alice');
    expect(claimedNotice!.text).toBe(`${onCallName} has picked up your question and will answer here.`);

    // While it is open, a new message is a follow-up for the engineer, not a question.
    const [relayed] = await t.ask('alice', 'It is for the <!channel> count on Friday', { attachments: [{ name: 'screen.png', url: 'https://files.example.com/screen.png' }] });
    expect(relayed!.text).toBe('Sent to the engineer.');
    const followUps = await inbox(onCall);
    expect(followUps.at(-1)!.text).toContain('It is for the <!channel> count on Friday');
    expect(followUps.at(-1)!.text).toContain('screen.png (https://files.example.com/screen.png)');

    // The engineer answers by reference; the answer reaches Alice.
    const ref = escalation.id.replace(/-/g, '').slice(-6).toUpperCase();
    const answer = 'Open Warehouse > Equipment, pick the forklift and book the slot for the count.';
    const [sent] = await t.ask(onCall, `#${ref} ${answer}`);
    expect(sent!.text).toBe('Sent to Alice Wang.');
    const [reply] = await inbox('alice');
    expect(reply!.blocks).toEqual([{ kind: 'heading', text: `${onCallName} (engineer)` }, { kind: 'text', text: answer }]);

    const [status] = await t.ask('alice', 'still waiting?');
    expect(status!.text).toContain(`${onCallName} is working on it`);

    const messages = await db.escalationMessage.findMany({ where: { escalationId: escalation.id }, orderBy: { createdAt: 'asc' } });
    expect(messages.map((m) => [m.direction, m.text])).toEqual([
      ['to_engineer', 'It is for the <!channel> count on Friday'],
      ['to_user', answer],
    ]);
    expect(messages[0]!.attachments).toEqual([{ name: 'screen.png', url: 'https://files.example.com/screen.png' }]);

    // Resolve → "Did this solve it?" with a one-tap 1–5.
    const [resolved] = await t.press(onCall, button(alert, 'esc.resolve'));
    expect(resolved!.text).toBe('Resolved. I have asked Alice Wang whether it solved the problem.');
    const [csat] = await inbox('alice');
    expect(csat!.text).toContain('Did this solve it?');
    expect(buttons(csat).map((b) => b.label)).toEqual(['1', '2', '3', '4', '5']);
    const five = buttons(csat).find((b) => b.label === '5')!;
    const [thanks] = await t.press('alice', { id: five.id, value: five.value });
    expect(thanks!.text).toBe('Thank you! You rated the help 5 out of 5.');
    const done = await db.escalation.findUniqueOrThrow({ where: { id: escalation.id } });
    expect(done).toMatchObject({ status: 'resolved', csat: 5, assigneeId: ids[onCall] });
    const events = await db.adoptionEvent.findMany({ where: { tenantId: t.localTenantId, kind: { startsWith: 'escalation_' } }, orderBy: { occurredAt: 'asc' } });
    expect(events.map((e) => e.kind)).toEqual(['escalation_created', 'escalation_claimed', 'escalation_first_reply', 'escalation_resolved', 'escalation_csat']);

    // Save as article: a draft in the question's language, owned by the engineer, published after one confirmation.
    const [saved, draft] = await t.press(onCall, button(alert, 'esc.article'));
    expect(saved!.text).toBe('Draft article saved; check it and publish it.');
    expect(draft!.blocks).toContainEqual({ kind: 'markdown', text: answer });
    const article = await db.article.findFirstOrThrow({ where: { tenantId: t.localTenantId, origin: 'escalation' }, include: { versions: true } });
    expect(article).toMatchObject({ status: 'draft', owner: onCallName });
    expect(article.versions.map((v) => [v.lang, v.title, v.body])).toEqual([['en', QUESTION, answer]]);
    const [published] = await t.press(onCall, button(draft, 'esc.publish'));
    expect(published!.text).toBe(`Published “${QUESTION}”. From now on I answer this question from it.`);
    const alternates = await db.alternateQuestion.findMany({ where: { articleId: article.id } });
    expect(alternates.map((a) => [a.text, a.source])).toEqual([[QUESTION, 'escalation']]);

    // The loop is closed: someone else asking the same thing gets the engineer's answer from the bot.
    const [answered] = await t.ask('bob', QUESTION);
    expect(answered!.blocks[0]).toEqual({ kind: 'heading', text: QUESTION });
    expect(answered!.blocks).toContainEqual({ kind: 'markdown', text: answer });
    expect(buttons(answered).map((b) => b.label)).toEqual(['Yes', 'No', 'Talk to an engineer']);
    // "Not helpful" offers an engineer as the next step.
    const [notHelpful] = await t.press('bob', { id: 'answer.feedback', value: buttons(answered).find((b) => b.label === 'No')!.value });
    expect(buttons(notHelpful).map((b) => [b.id, b.label])).toEqual([['esc.talk', 'Talk to an engineer']]);
  });

  it('escalates on an explicit request in Chinese, says how it stands, and cancels', async () => {
    const [unknown] = await t.ask('zhang', '仓库盘点的叉车怎么预约？');
    expect(unknown!.lang).toBe('zh-CN');
    const [created] = await t.ask('zhang', '找工程师');
    expect(created!.lang).toBe('zh-CN');
    expect(created!.text).toMatch(/^我已把您的问题转给ERP的/);
    const [again] = await t.ask('zhang', '转人工');
    expect(again!.text).toMatch(/^您的问题已经转给工程师了/);
    const [status] = await t.ask('zhang', '还在等吗？');
    expect(status!.text).toMatch(/正在等待/);
    const [cancelled] = await t.ask('zhang', '取消');
    expect(cancelled!.text).toMatch(/已撤回/);
    const zhang = await t.db.prisma.user.findFirstOrThrow({ where: { tenantId: t.localTenantId, platformUserId: 'zhang' } });
    const escalation = await t.db.prisma.escalation.findFirstOrThrow({ where: { requesterId: zhang.id } });
    expect(escalation).toMatchObject({ status: 'cancelled', lang: 'zh-CN' });
    // After that the bot answers questions again.
    const [answer] = await t.ask('zhang', '怎么请假？');
    expect(answer!.blocks[0]).toMatchObject({ kind: 'heading', text: '如何请假' });
  });

  it('asks for the question first when there is none, and lists the queue and your own requests', async () => {
    const [need] = await t.ask('newbie', 'I need a person');
    expect(need!.text).toMatch(/^Tell me your question first/);
    const [withQuestion] = await t.ask('newbie', 'talk to an engineer: where do I see my payslip?');
    expect(withQuestion!.text).toMatch(/^I have passed your question to/);

    // Reassign: the engineer picks a colleague of the group; the new owner hears of it.
    const newbieAlert = (await inbox('maria')).concat(await inbox('li')).find((m) => m.text.includes('where do I see my payslip?'))!;
    const [offered, choices] = await t.press('maria', button(newbieAlert, 'esc.reassign'));
    expect(offered!.text).toBe('Choose who takes it over.');
    expect(buttons(choices).map((b) => b.label)).toEqual(['Li Lei']);
    const [handed] = await t.press('maria', button(choices, 'esc.reassignTo'));
    expect(handed!.text).toBe('Maria handed this question to Li Lei.');
    expect((await inbox('li')).map((m) => m.text)).toContainEqual(expect.stringContaining('Maria handed you a question: “where do I see my payslip?”'));
    const newbieEscalation = await t.db.prisma.escalation.findFirstOrThrow({ where: { question: { text: 'where do I see my payslip?' } } });
    expect(newbieEscalation).toMatchObject({ status: 'claimed', assigneeId: ids.li });

    const [queue] = await t.ask('maria', '/hypercare queue');
    expect(queue!.blocks[0]).toEqual({ kind: 'heading', text: 'Open escalations, oldest first (1)' });
    expect(queue!.text).toContain('claimed by Li Lei · “where do I see my payslip?” (newbie)');
    const [refused] = await t.ask('bob', 'queue');
    expect(refused!.text).toMatch(/^The escalation queue is for engineers/);
    const [mine] = await t.ask('newbie', '/hypercare mine');
    expect(mine!.blocks[0]).toEqual({ kind: 'heading', text: 'Your requests to an engineer' });
    expect(mine!.text).toContain('claimed by Li Lei · “where do I see my payslip?”');
    const [zhMine] = await t.ask('newbie', '我的求助');
    expect(zhMine!.lang).toBe('zh-CN');
  });
});
