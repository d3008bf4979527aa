import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeIndex, RECOMMENDED_THRESHOLD, createSearchIndex, recommendedThreshold } from '../../src/knowledge/search/index.js';
import type { IndexDocument } from '../../src/knowledge/types.js';
import { ADMIN_ONLY_EN, LEAVE_EN, LEAVE_ZH, MANAGER_ONLY_EN, ONLY_EN, PASSWORD_EN, SMALL_KB, doc, sharedDocs } from './fixtures.js';

const slugs = (hits: { slug: string }[]): string[] => hits.map((hit) => hit.slug);

describe('audience filtering', () => {
  const index = new KnowledgeIndex(SMALL_KB);
  const question = 'configure leave types and accrual plans for time off';

  it('never returns an admin-only article to an end user, however well it matches', () => {
    const hits = index.search(question, { lang: 'en', role: 'end_user', limit: 50 });
    expect(slugs(hits)).not.toContain('admin-leave-policy');
    expect(slugs(hits)).toContain('leave-request');
    // The default role is end_user.
    expect(slugs(index.search(question, { limit: 50 }))).not.toContain('admin-leave-policy');
  });

  it('returns it to admins and engineers, first', () => {
    expect(index.search(question, { lang: 'en', role: 'admin' })[0]?.slug).toBe('admin-leave-policy');
    expect(index.search(question, { lang: 'en', role: 'engineer' })[0]?.slug).toBe('admin-leave-policy');
  });

  it('shows manager articles to managers only (and to the support roles)', () => {
    const q = 'team leave calendar for managers';
    expect(slugs(index.search(q, { role: 'manager' }))).toContain('manager-team-leave');
    expect(slugs(index.search(q, { role: 'champion', limit: 50 }))).not.toContain('manager-team-leave');
    expect(slugs(index.search(q, { role: 'end_user', limit: 50 }))).not.toContain('manager-team-leave');
  });

  it('filters before the limit: the visible articles still fill it', () => {
    const hits = index.search('leave time off requests approve', { role: 'end_user', limit: 1 });
    expect(hits).toHaveLength(1);
    expect(hits[0]?.slug).toBe('leave-request');
  });
});

describe('languages', () => {
  const index = new KnowledgeIndex(SMALL_KB);

  it('answers in the asker’s language when the article has that version', () => {
    const zh = index.search('怎么申请休假', { lang: 'zh-CN' })[0];
    expect(zh).toMatchObject({ slug: 'leave-request', lang: 'zh-CN', title: '申请休假' });
    const en = index.search('how do I request time off', { lang: 'en' })[0];
    expect(en).toMatchObject({ slug: 'leave-request', lang: 'en' });
    // An English question about an article that has a Chinese version, asked by a Chinese speaker.
    expect(index.search('time off request', { lang: 'zh-CN' })[0]).toMatchObject({ slug: 'leave-request', lang: 'zh-CN' });
  });

  it('falls back to the other language when that is all there is', () => {
    const hit = index.search('VPN 怎么连接', { lang: 'zh-CN' })[0];
    expect(hit).toMatchObject({ slug: 'vpn-setup', lang: 'en' });
  });

  it('detects the language of the question when none is given', () => {
    expect(index.search('怎么报销费用')[0]).toMatchObject({ slug: 'expense-claim', lang: 'zh-CN' });
    expect(index.search('claim an expense receipt')[0]).toMatchObject({ slug: 'expense-claim', lang: 'en' });
  });

  it('returns one hit per article', () => {
    const hits = index.search('休假 leave time off 申请 request', { limit: 10 });
    expect(new Set(slugs(hits)).size).toBe(hits.length);
  });
});

describe('results', () => {
  const index = new KnowledgeIndex(SMALL_KB);

  it('has nothing for empty, emoji-only or stop-word-only questions', () => {
    for (const question of ['', '   ', '😀🎉', '???', 'how do I', '怎么办呢']) expect(index.search(question)).toEqual([]);
  });

  it('respects the limit and orders by score', () => {
    const hits = index.search('request leave password expense VPN', { limit: 3 });
    expect(hits).toHaveLength(3);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    expect(hits[1]!.score).toBeGreaterThanOrEqual(hits[2]!.score);
  });

  it('gives the passage that answers, within ~600 characters and with its Markdown', () => {
    const long = doc(
      'long-article',
      'en',
      'Fleet handbook',
      [
        '# Fleet handbook',
        ...Array.from({ length: 30 }, (_, i) => `Section ${i} talks about fuel cards, parking rules and mileage claims in general terms.`),
        'To **report an accident**, open the vehicle, click **Log Accident** and attach photos of the damage.',
        ...Array.from({ length: 30 }, (_, i) => `Appendix ${i} lists tyre pressures and oil grades for every model.`),
      ].join('\n\n'),
    );
    const hit = new KnowledgeIndex([long]).search('how do I report an accident with photos')[0]!;
    expect(hit.passage).toContain('**Log Accident**');
    expect(hit.passage.length).toBeLessThanOrEqual(620);
    expect(hit.passage).not.toContain('tyre pressures');
  });

  it('corrects a typo against words the articles use', () => {
    expect(index.search('pasword forgoten')[0]?.slug).toBe('password-reset');
  });

  it('lets learned alternate questions pull their article up', () => {
    const question = 'cannot get into my account from home';
    expect(new KnowledgeIndex(SMALL_KB).search(question)[0]?.slug).toBe('vpn-setup');
    const learned = SMALL_KB.map((version) => (version === PASSWORD_EN ? { ...version, alternates: ['I cannot get into my account'] } : version));
    expect(new KnowledgeIndex(learned).search(question)[0]?.slug).toBe('password-reset');
  });
});

describe('incremental updates', () => {
  it('reflects upsert and remove in search', () => {
    const index = new KnowledgeIndex([LEAVE_EN, PASSWORD_EN]);
    expect(index.search('canteen menu')).toEqual([]);
    index.upsert(doc('notice-7', 'en', 'Canteen menu', '# Canteen menu\n\nThe canteen menu is published every Monday.'));
    expect(index.search('canteen menu')[0]?.slug).toBe('notice-7');
    expect(index.size).toEqual({ versions: 3, articles: 3 });

    // Replacing a version drops its old words.
    index.upsert(doc('notice-7', 'en', 'Cafeteria opening hours', '# Cafeteria opening hours\n\nOpen from 11:30 to 14:00.'));
    expect(index.search('canteen menu')).toEqual([]);
    expect(index.search('cafeteria opening hours')[0]?.slug).toBe('notice-7');
    expect(index.size).toEqual({ versions: 3, articles: 3 });

    expect(index.remove('notice-7', 'en')).toBe(true);
    expect(index.remove('notice-7', 'en')).toBe(false);
    expect(slugs(index.search('cafeteria opening hours', { limit: 10 }))).not.toContain('notice-7');
    expect(index.size).toEqual({ versions: 2, articles: 2 });
  });

  it('removes one language version or all of them', () => {
    const index = new KnowledgeIndex([LEAVE_EN, LEAVE_ZH]);
    index.remove('leave-request', 'zh-CN');
    expect(index.search('申请休假', { lang: 'zh-CN' }).map((hit) => hit.lang)).not.toContain('zh-CN');
    index.remove('leave-request');
    expect(index.search('request time off')).toEqual([]);
  });

  it('stays correct through many replacements (compaction)', () => {
    const index = new KnowledgeIndex(SMALL_KB);
    for (let round = 0; round < 200; round++) {
      index.upsert(doc('notice-9', 'en', `Notice ${round}`, `# Notice ${round}\n\nThe word of the day is word${round}.`));
    }
    expect(index.search('word199')[0]?.slug).toBe('notice-9');
    expect(index.search('word3')).toEqual([]);
    expect(index.search('reset password')[0]?.slug).toBe('password-reset');
    expect(index.search('configure accrual', { role: 'admin' })[0]?.slug).toBe(ADMIN_ONLY_EN.slug);
    expect(index.search('configure accrual', { role: 'end_user', limit: 20 }).map((hit) => hit.slug)).not.toContain(ADMIN_ONLY_EN.slug);
    expect(index.search('team calendar', { role: 'manager' })[0]?.slug).toBe(MANAGER_ONLY_EN.slug);
  });
});

describe('confidence', () => {
  let hr: KnowledgeIndex;
  let hrAndCrm: KnowledgeIndex;
  let crmDocs: IndexDocument[];

  beforeAll(async () => {
    const hrDocs = await sharedDocs('odoo-hr');
    crmDocs = await sharedDocs('odoo-crm');
    hr = createSearchIndex(hrDocs);
    hrAndCrm = new KnowledgeIndex([...hrDocs, ...crmDocs]);
  });

  it('exports the recommended threshold', () => {
    expect(recommendedThreshold()).toBe(RECOMMENDED_THRESHOLD);
    expect(RECOMMENDED_THRESHOLD).toBeGreaterThan(0);
    expect(RECOMMENDED_THRESHOLD).toBeLessThan(1);
  });

  // Not the dev questions: plainly worded questions the HR articles answer.
  const onTopic: [string, string][] = [
    ['How do I request feedback from colleagues for a 360 appraisal?', 'appraisals--360'],
    ['How do I register a new vehicle in the fleet?', 'fleet--new_vehicle'],
    ['员工如何在自助考勤终端上签到？', 'attendances--kiosks'],
    ['如何在午餐应用中给供应商下订单？', 'lunch--orders'],
  ];
  it.each(onTopic)('is high for a good match: %s', (question, slug) => {
    const hit = hr.search(question)[0]!;
    expect(hit.slug).toBe(slug);
    expect(hit.confidence).toBeGreaterThanOrEqual(RECOMMENDED_THRESHOLD);
  });

  const offTopic = [
    'what is the weather like in Shanghai tomorrow',
    'who won the football match last night',
    'qwrtzp xkcdv blorf',
    '明天上海天气怎么样',
    '股票今天涨了吗',
    'how do I convert a lead into an opportunity',
    'how does predictive lead scoring rank my prospects',
    '如何把线索转化为商机',
  ];
  it.each(offTopic)('is low for an off-topic question: %s', (question) => {
    for (const hit of hr.search(question)) expect(hit.confidence).toBeLessThan(RECOMMENDED_THRESHOLD);
  });

  it('is high for a CRM question once CRM articles are in the index, and HR articles do not win it', () => {
    const hit = hrAndCrm.search('how do I convert a lead into an opportunity')[0]!;
    expect(hit.slug.startsWith('crm--')).toBe(true);
    expect(hit.confidence).toBeGreaterThanOrEqual(RECOMMENDED_THRESHOLD);
  });

  it('stays in 0..1', () => {
    for (const question of ['odoo', 'appraisal', '考评', 'how do I print an employee badge', '午餐']) {
      for (const hit of hr.search(question, { limit: 10 })) {
        expect(hit.confidence).toBeGreaterThanOrEqual(0);
        expect(hit.confidence).toBeLessThanOrEqual(1);
      }
    }
    // One very common word is too vague to answer confidently.
    expect(hr.search('odoo')[0]?.confidence ?? 0).toBeLessThan(RECOMMENDED_THRESHOLD);
  });
});
