/**
 * Roster people and Slack accounts: a person's first message links them to
 * their roster entry (users.info email), and the directory sync reaches
 * people who never wrote, so a proactive DM can open with them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/adoption/roster.js';
import { startSlackTestApp, TEAM, type SlackTestApp } from './support/slack-app.js';
import { fixture } from './support/fake-slack.js';
import { postEvent } from './support/signed.js';

const ROSTER = [
  'email,name,department,role,manager,site,wave,go-live date',
  'mia@example.com,Mia Manager,Finance,manager,,Shanghai,Wave 1,2025-03-01',
  'spengler@ghostbusters.example.com,Egon Spengler,Finance,champion,mia@example.com,Shanghai,Wave 1,2025-03-01',
  'ray@example.com,Ray Stantz,Finance,end_user,mia@example.com,Shanghai,Wave 1,2025-03-01',
  'nobody@example.com,Not In Slack,Finance,end_user,mia@example.com,Shanghai,Wave 1,2025-03-01',
].join('\n');

describe('Slack accounts and the roster', () => {
  let t: SlackTestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await startSlackTestApp();
    tenantId = (await t.app.tenants.ensure('slack', TEAM)).id;
    const imported = await importRoster(t.db.prisma, tenantId, ROSTER, { now: () => new Date('2025-06-01T00:00:00Z') });
    expect(imported.ok).toBe(true);
  });
  afterAll(async () => t?.close());
  beforeEach(() => t.slack.reset());

  it('links the first-time asker to their roster entry by the email users.info reports', async () => {
    // api_users.info.json reports spengler@ghostbusters.example.com for any user id asked about.
    const dm = fixture('event_message_im.json');
    Object.assign(dm.event, { user: 'U0EGON0001', team: TEAM, text: 'How do I request leave?', ts: '1771470000.000001', event_ts: '1771470000.000001' });
    dm.team_id = TEAM;
    dm.authorizations[0].team_id = TEAM;
    expect((await postEvent(t.baseUrl, dm)).status).toBe(200);
    await t.idle();
    expect(t.slack.callsOf('chat.postMessage')).toHaveLength(1);

    const egon = await t.db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'spengler@ghostbusters.example.com' }, include: { department: true } });
    expect(egon).toMatchObject({ platformUserId: 'U0EGON0001', role: 'champion', timezone: 'America/Los_Angeles' });
    expect(egon.department?.name).toBe('Finance');
    expect(await t.db.prisma.user.count({ where: { tenantId, platformUserId: 'roster:spengler@ghostbusters.example.com' } })).toBe(0);
    expect(await t.db.prisma.question.count({ where: { tenantId, userId: egon.id } })).toBe(1);
  });

  it('the directory sync gives roster people their Slack ids, page by page, and a DM can then reach them', async () => {
    t.slack.members = [
      { id: 'USLACKBOT', is_bot: false, deleted: false, profile: {} },
      { id: 'U0BOT', is_bot: true, profile: { email: 'ray@example.com' } },
      { id: 'U0GONE', deleted: true, profile: { email: 'mia@example.com' } },
      ...Array.from({ length: 3 }, (_, i) => ({ id: `U0OTHER${i}`, profile: { email: `other${i}@example.com` } })),
      { id: 'U0MIA0001', tz: 'Asia/Shanghai', locale: 'zh-CN', profile: { email: 'MIA@example.com', display_name: 'mia' } },
      { id: 'U0RAY0001', tz: 'Asia/Shanghai', profile: { email: 'ray@example.com', real_name: 'Ray S.' } },
    ];
    const summary = await t.adapter.syncDirectory(TEAM);
    expect(summary).toMatchObject({ unmatched: 3, matched: 2 });
    // 200 a page: one call here; the cursor is followed when Slack gives one.
    expect(t.slack.callsOf('users.list').length).toBeGreaterThanOrEqual(1);

    const mia = await t.db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'mia@example.com' } });
    expect(mia).toMatchObject({ platformUserId: 'U0MIA0001', role: 'manager', platformLocale: 'zh-CN', timezone: 'Asia/Shanghai' });
    const ray = await t.db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'ray@example.com' } });
    expect(ray.platformUserId).toBe('U0RAY0001');
    const nobody = await t.db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'nobody@example.com' } });
    expect(nobody.platformUserId).toBe('roster:nobody@example.com');

    const message = { lang: 'en' as const, text: 'Your weekly digest', blocks: [{ kind: 'text' as const, text: 'Your weekly digest' }] };
    expect(await t.app.outbound.deliverToUser({ tenantId, userId: mia.id, deliveryKey: 'test:mia:digest', kind: 'digest', message })).toBe('sent');
    expect(t.slack.callsOf('conversations.open')[0]?.args.users).toBe('U0MIA0001');
    expect(await t.app.outbound.deliverToUser({ tenantId, userId: nobody.id, deliveryKey: 'test:nobody:digest', kind: 'digest', message })).toBe('unreachable');

    // Only the person who is not in Slack is left: one more pass over the members, nothing changes.
    t.slack.reset();
    expect(await t.adapter.syncDirectory(TEAM)).toMatchObject({ unmatched: 1, matched: 0 });
    t.slack.members = [];
    expect(t.slack.callsOf('users.list')).toHaveLength(1);
  });

  it('follows next_cursor across pages', async () => {
    const tenant = await t.app.tenants.ensure('slack', 'T0PAGES');
    const roster = ['email,name,department,role,manager,site,wave,go-live date', 'last@example.com,Last One,Ops,end_user,,Here,Wave 1,2025-03-01'].join('\n');
    expect((await importRoster(t.db.prisma, tenant.id, roster, { now: () => new Date('2025-06-01T00:00:00Z') })).ok).toBe(true);
    t.slack.members = [...Array.from({ length: 450 }, (_, i) => ({ id: `U0P${i}`, profile: { email: `p${i}@example.com` } })), { id: 'U0LAST', profile: { email: 'last@example.com' } }];
    expect(await t.adapter.syncDirectory('T0PAGES')).toMatchObject({ matched: 1, scanned: 451 });
    expect(t.slack.callsOf('users.list').map((c) => c.args.cursor)).toEqual([undefined, '200', '400']);
  });
});
