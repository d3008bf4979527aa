/**
 * The weekly digest from the seeded tenant (metrics-seed.ts): a manager with
 * two departments, a manager of one person in a department of 7, the sponsor,
 * the privacy rules, the Slack and Teams renderings, the served chart.
 */
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigests, digestRecipients, type DigestData } from '../../src/adoption/digest-data.js';
import { digestMessage } from '../../src/adoption/digest-message.js';
import { DigestChartLinks, registerDigestChartRoute } from '../../src/adoption/digest-chart-route.js';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/adoption/digest-chart.js';
import { allowsPersonBreakdown, canSeePersonUsage, personUsage } from '../../src/adoption/privacy.js';
import { weeksEndingWith } from '../../src/adoption/weeks.js';
import { renderMessage } from '../../src/bot/slack/render.js';
import { renderCard } from '../../src/bot/teams/cards.js';
import { HttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { adoptionSnapshotSection } from '../../src/bot/home/adoption-snapshot.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';
import { seedMetricsTenant, TZ, WEEK_B, type SeededTenant } from './metrics-seed.js';

let db: TestDatabase;
let seed: SeededTenant;
let digests: Map<string, DigestData>;

beforeAll(async () => {
  db = await createTestDatabase();
  seed = await seedMetricsTenant(db.prisma);
  digests = new Map((await buildDigests(db.prisma, seed.tenantId, WEEK_B)).map((d) => [d.recipient.id, d]));
});
afterAll(async () => {
  await db?.drop();
});

const digestOf = (key: string) => digests.get(seed.people[key]!)!;

describe('recipients', () => {
  it('are the managers of rostered people, with their reports\' departments, and the sponsor with all', async () => {
    const recipients = await digestRecipients(db.prisma, seed.tenantId);
    const byName = Object.fromEntries(recipients.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['Mia Manager', 'Noah 经理', 'Sam Sponsor']);
    expect(byName['Mia Manager']).toMatchObject({ kind: 'manager', lang: 'en', timezone: 'Asia/Shanghai' });
    expect(new Set(byName['Mia Manager']!.departmentIds)).toEqual(new Set([seed.finance, seed.sales]));
    expect(byName['Noah 经理']).toMatchObject({ kind: 'manager', lang: 'zh-CN', timezone: 'Europe/Berlin', departmentIds: [seed.finance] });
    expect(byName['Sam Sponsor']).toMatchObject({ kind: 'sponsor', timezone: TZ });
  });
});

describe('a manager with two departments', () => {
  it('has each department\'s numbers with last week\'s, and the total of both', () => {
    const mia = digestOf('mia');
    expect(mia.departments.map((d) => d.name)).toEqual(['Finance', 'Sales']);
    const [finance, sales] = mia.departments;
    expect([finance!.current.systemActive, finance!.previous.systemActive, finance!.current.coverage]).toEqual([4, 2, 0.5714]);
    expect([sales!.current.systemActive, sales!.previous.systemActive]).toEqual([1, 0]);
    expect(mia.total.current).toMatchObject({ rostered: 10, systemActive: 5, coverage: 0.5, botActive: 5, questions: 8, selfServiceRate: 0.25 });
    expect(mia.total.previous).toMatchObject({ systemActive: 2, coverage: 0.2 });
  });

  it('charts 8 weeks of active users and coverage, ending with the reported week', () => {
    const mia = digestOf('mia');
    expect(mia.chartWeeks).toEqual(weeksEndingWith(WEEK_B, 8, TZ).map((w) => w.label));
    expect(mia.chart.slice(-2)).toEqual([
      { activeUsers: 2, rostered: 10, coverage: 0.2 },
      { activeUsers: 5, rostered: 10, coverage: 0.5 },
    ]);
  });

  it('lists the top 3 knowledge gaps and the champions of their departments', () => {
    const mia = digestOf('mia');
    expect(mia.gaps.map((g) => [g.text, g.asked])).toEqual([
      ['How do I post an invoice?', 2],
      ['Reset password', 2],
      ['Where is the sales report?', 1],
    ]);
    // s1 thanked twice, f3 once; f5's thanks to themself does not count.
    expect(mia.champions.map((c) => [c.name, c.thanks])).toEqual([
      ['Sales s1', 2],
      ['Finance f3', 1],
    ]);
    expect(digestOf('noah').champions.map((c) => c.name)).toEqual(['Finance f3']);
  });
});

describe('privacy of who has not used the system yet', () => {
  it('names a person only to their own manager', () => {
    const miaFinance = digestOf('mia').departments.find((d) => d.id === seed.finance)!;
    const noahFinance = digestOf('noah').departments.find((d) => d.id === seed.finance)!;
    // f6 (Noah's) and f7 (Mia's) have not used it; each manager sees the count and only their own person.
    expect(miaFinance.notYetActive).toEqual({ count: 2, names: ['Finance f7'], smallDepartment: false });
    expect(noahFinance.notYetActive).toEqual({ count: 2, names: ['Finance f6'], smallDepartment: false });
    expect(digestOf('sam').departments.every((d) => d.notYetActive.names.length === 0)).toBe(true);
  });

  it('shows no names at all for a department under 5 people, even to the manager', () => {
    const sales = digestOf('mia').departments.find((d) => d.id === seed.sales)!;
    expect(sales.notYetActive).toEqual({ count: 2, names: [], smallDepartment: true });
    const text = digestMessage(digestOf('mia')).text;
    expect(text).not.toContain('Sales s2');
    expect(text).not.toContain('Sales s3');
    expect(allowsPersonBreakdown(4)).toBe(false);
    expect(allowsPersonBreakdown(5)).toBe(true);
  });

  it("lets only the person, their manager and admins see a person's usage", async () => {
    const weeks = weeksEndingWith(WEEK_B, 2, TZ);
    const p = seed.people;
    expect(await personUsage(db.prisma, seed.tenantId, p.f1!, p.f1!, weeks)).toEqual([
      { week: weeks[0]!.start, usageEvents: 1, questions: 0 },
      { week: WEEK_B, usageEvents: 2, questions: 3 },
    ]);
    expect((await personUsage(db.prisma, seed.tenantId, p.mia!, p.f1!, weeks)).length).toBe(2);
    expect((await personUsage(db.prisma, seed.tenantId, p.sam!, p.f1!, weeks)).length).toBe(2); // admin
    await expect(personUsage(db.prisma, seed.tenantId, p.f2!, p.f1!, weeks)).rejects.toThrow(/only to them, their manager and admins/);
    await expect(personUsage(db.prisma, seed.tenantId, p.noah!, p.f1!, weeks)).rejects.toThrow(/only to them/);
    expect(canSeePersonUsage({ id: 'a', role: 'manager' }, { id: 'b', managerId: null })).toBe(false);
  });
});

describe('the digest message', () => {
  it("is in the recipient's language", () => {
    const noah = digestMessage(digestOf('noah'));
    expect(noah.lang).toBe('zh-CN');
    expect(noah.blocks[0]).toEqual({ kind: 'heading', text: '采用情况周报（2026-W49）' });
    expect(noah.text).toContain('其中您的下属：Finance f6');
    const mia = digestMessage(digestOf('mia'));
    expect(mia.blocks[0]).toEqual({ kind: 'heading', text: 'Adoption digest, week 2026-W49' });
    expect(mia.text).toContain('Using the system: 5 of 10 (50%) · ▲ +3 vs last week');
    expect(mia.text).toContain('Of your team: Finance f7');
    expect(mia.text).toContain('1. How do I post an invoice? (asked 2×)');
  });

  it('renders for Slack (image block) and Teams (Adaptive Card Image) with user text escaped', async () => {
    await db.prisma.question.create({
      data: {
        tenantId: seed.tenantId,
        userId: seed.people.f4!,
        threadId: 'local:f4',
        messageId: 'evil',
        lang: 'en',
        text: '<!channel> *urgent* <@U123> how?',
        outcome: 'unanswered',
        createdAt: new Date('2026-12-01T02:00:00Z'),
      },
    });
    const [mia] = await buildDigests(db.prisma, seed.tenantId, WEEK_B, { recipients: [digestOf('mia').recipient] });
    const chartUrl = 'https://bot.example.com/digest-chart/t/m/2026-11-30.png?sig=abc';
    const message = digestMessage(mia!, chartUrl);
    const slack = renderMessage(message);
    expect(slack.blocks).toContainEqual(expect.objectContaining({ type: 'image', image_url: chartUrl }));
    const slackText = JSON.stringify(slack);
    expect(slackText).not.toContain('<!channel>');
    expect(slackText).toContain('&lt;!channel&gt;');
    const card = renderCard(message);
    expect(JSON.stringify(card.body)).toContain(`"url":"${chartUrl}"`);
    expect(JSON.stringify(card)).toContain('How do I post an invoice?');
  });
});

describe('the served chart', () => {
  it('opens with a signed link only and is a PNG of the chart size', async () => {
    const links = new DigestChartLinks('http://127.0.0.1', 'a-test-secret-of-at-least-32-characters!!');
    const server = new HttpServer(silentLogger);
    registerDigestChartRoute(server, { db: db.prisma, links });
    const { port } = await server.listen(0, '127.0.0.1');
    try {
      const url = links.url(seed.tenantId, seed.people.mia!, WEEK_B).replace('http://127.0.0.1', `http://127.0.0.1:${port}`);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await res.arrayBuffer());
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
      expect(inflateSync(png.subarray(41, 41 + png.readUInt32BE(33))).length).toBe((CHART_WIDTH * 3 + 1) * CHART_HEIGHT);
      const forged = url.replace(seed.people.mia!, seed.people.noah!);
      expect((await fetch(forged)).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('the home snapshot', () => {
  it("shows a manager their departments' figures of the week so far, and nothing to others", async () => {
    const section = adoptionSnapshotSection(db.prisma, () => new Date('2026-12-02T00:00:00Z'));
    const viewer = async (key: string, role: 'manager' | 'end_user') => {
      const user = await db.prisma.user.findUniqueOrThrow({ where: { id: seed.people[key]! } });
      return section.render({
        tenant: { id: seed.tenantId, platform: 'local', externalId: 'T-METRICS', defaultLocale: 'en', timezone: TZ },
        user: { id: user.id, tenantId: seed.tenantId, platformUserId: key, displayName: user.displayName, role, locale: null, platformLocale: null },
        lang: 'en',
      });
    };
    const mia = await viewer('mia', 'manager');
    expect(mia.at(-1)).toEqual({
      kind: 'text',
      text: [
        'Finance: 4 of 7 used the system this week so far (57%; +2 on last week)',
        'Sales: 1 of 3 used the system this week so far (33%; +1 on last week)',
      ].join('\n'),
    });
    expect(JSON.stringify(await viewer('noah', 'manager'))).not.toContain('Sales');
    expect(await viewer('f1', 'end_user')).toEqual([]);
  });
});

