import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeIndex, MAX_PASSAGE_CHARS } from '../../src/knowledge/search/index.js';
import { clipToWidth, sentenceEnds, widthPrefix } from '../../src/knowledge/search/passage-units.js';
import { demoDocs } from './fixtures.js';

const width = (text: string): number => widthPrefix(text)[text.length]!;
const HAN = /[\u4e00-\u9fff]/g;

describe('passages on the demo knowledge base', () => {
  let index: KnowledgeIndex;
  beforeAll(async () => {
    index = new KnowledgeIndex(await demoDocs());
  });

  const questions: [string, string][] = [
    ['How do I submit an expense claim?', 'expenses-submit-claim'],
    ['怎么报销', 'expenses-submit-claim'],
    ['how do I request leave', 'leave-request'],
    ['怎么请假', 'leave-request'],
    ['how do I reset my password', 'password-reset'],
    ['忘记密码怎么办', 'password-reset'],
    ['how do I turn on two-factor authentication', 'two-factor-setup'],
    ['如何开启双因素认证', 'two-factor-setup'],
    ['how do I cancel leave', 'leave-cancel'],
    ['怎么撤销请假', 'leave-cancel'],
    ['how to export a report to Excel', 'reports-run-export'],
    ['如何导出报表', 'reports-run-export'],
    ['what are the purchase approval limits', 'purchasing-approval-limits'],
    ['采购审批额度是多少', 'purchasing-approval-limits'],
  ];

  it.each(questions)('shows a clean passage for %s', (question, slug) => {
    const hit = index.search(question)[0]!;
    expect(hit.slug).toBe(slug);
    const passage = hit.passage;
    const lines = passage.split('\n');
    // Not the title again, not a dangling heading at the end.
    expect(lines[0]).not.toMatch(/^#\s/);
    expect(lines[0]!.replace(/^#+\s*/, '')).not.toBe(hit.title);
    expect(lines[lines.length - 1]).not.toMatch(/^#{1,6}\s/);
    // Within the budget: 600 columns, a Han character being two (so at most ~300-400 Chinese characters).
    expect(width(passage)).toBeLessThanOrEqual(MAX_PASSAGE_CHARS + 1);
    if (hit.lang === 'zh-CN') expect(passage.length).toBeLessThanOrEqual(400);
    // Never cut inside an abbreviation, bold or link.
    expect(passage).not.toMatch(/\b(e\.g|i\.e|etc|No|Mr)\.?…?$|\(e\.$/);
    expect((passage.match(/\*\*/g) ?? []).length % 2).toBe(0);
    expect((passage.match(/\[/g) ?? []).length).toBe((passage.match(/\]/g) ?? []).length);
  });

  it('answers "How do I submit an expense claim?" with the steps, not the title, whole steps only', () => {
    const passage = index.search('How do I submit an expense claim?', { lang: 'en' })[0]!.passage;
    expect(passage.startsWith('# Submit an expense claim')).toBe(false);
    expect(passage).toContain('1. Open **Expenses → New claim**.');
    expect(passage).toContain('(e.g. "Customer visit Shanghai, 12–13 May")');
    expect(passage).toMatch(/[.)]$/); // ends at the end of a step
  });

  it('keeps a numbered list that answers a how-to question whole when it fits', () => {
    const en = index.search('how do I request leave', { lang: 'en' })[0]!.passage;
    for (const step of ['1. Open **Leave → Request leave**.', '2. Choose', '3. Pick', '4. Add a comment', '5. Click **Submit**.']) expect(en).toContain(step);
    const zh = index.search('怎么请假', { lang: 'zh-CN' })[0]!.passage;
    for (const step of ['1. 打开 **假期 → 请假申请**。', '2. 选择', '3. 选择', '4. 需要', '5. 点击 **提交**。']) expect(zh).toContain(step);
    expect(zh).not.toContain('常见问题');
  });

  it('keeps Chinese passages shorter in characters than English ones (same width budget)', () => {
    const zh = index.search('怎么报销', { lang: 'zh-CN' })[0]!.passage;
    expect(zh).not.toContain('## 常见问题');
    expect(zh.length).toBeLessThanOrEqual(400);
    expect((zh.match(HAN) ?? []).length).toBeGreaterThan(100);
  });
});

describe('sentence ends and clipping', () => {
  it('does not end a sentence at an abbreviation or a list number', () => {
    const text = '1. Enter a **Purpose** (e.g. "Visit"). Use form No. 5, i.e. the short one, etc. for travel. Done! 好的。完成';
    const ends = sentenceEnds(text).map((end) => text.slice(0, end));
    expect(ends).toEqual([
      '1. Enter a **Purpose** (e.g. "Visit").',
      '1. Enter a **Purpose** (e.g. "Visit"). Use form No. 5, i.e. the short one, etc. for travel.',
      '1. Enter a **Purpose** (e.g. "Visit"). Use form No. 5, i.e. the short one, etc. for travel. Done!',
      '1. Enter a **Purpose** (e.g. "Visit"). Use form No. 5, i.e. the short one, etc. for travel. Done! 好的。',
    ]);
  });

  it('does not end a sentence inside bold or a link', () => {
    const text = 'Click **Save. Then close** now. See [the guide. Part 2](https://example.com/a.b) today.';
    expect(sentenceEnds(text).map((end) => text.slice(0, end))).toEqual([
      'Click **Save. Then close** now.',
      'Click **Save. Then close** now. See [the guide. Part 2](https://example.com/a.b) today.',
    ]);
  });

  it('clips at a sentence end, else at a space outside markup, and never past the budget', () => {
    const text = `${'word '.repeat(20)}and **a bold phrase that runs on** more words here`;
    const clipped = clipToWidth(text, 120);
    expect(clipped.endsWith('…')).toBe(true);
    expect((clipped.match(/\*\*/g) ?? []).length % 2).toBe(0);
    expect(width(clipped)).toBeLessThanOrEqual(121);
    expect(clipToWidth('First sentence here, long enough. Second one is cut.', 40)).toBe('First sentence here, long enough.');
  });
});
