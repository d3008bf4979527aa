import { describe, expect, it } from 'vitest';
import {
  analyzeQuery,
  detectLanguage,
  indexTerms,
  normalizeText,
  queryTerms,
  segmentHanRun,
  stemEnglish,
} from '../../src/knowledge/text/index.js';

describe('Chinese text', () => {
  it('keeps words the ICU dictionary splits, through character bigrams', () => {
    // ICU segments these badly: 企业|微|信 and 重|置.
    expect(segmentHanRun('企业微信')).not.toContain('微信');
    expect(queryTerms('企业微信')).toContain('微信');
    expect(queryTerms('怎么重置密码')).toEqual(expect.arrayContaining(['重置', '密码']));
    expect(indexTerms('企业微信重置密码')).toEqual(expect.arrayContaining(['企业', '微信', '重置', '密码']));
  });

  it('indexes single characters too, as a fallback for one-character words', () => {
    expect(indexTerms('车辆')).toEqual(['车', '车辆', '辆']);
  });

  it('drops function words and question words', () => {
    const terms = queryTerms('我怎么提交请假申请');
    expect(terms).toEqual(expect.arrayContaining(['提交', '请假', '申请']));
    for (const stop of ['我', '怎么', '怎']) expect(terms).not.toContain(stop);
    expect(indexTerms('员工的考评')).not.toContain('的');
    expect(indexTerms('员工的考评')).not.toContain('工的');
  });

  it('weighs bigrams inside segmenter words above bigrams across words', () => {
    const terms = analyzeQuery('组员打分', { synonyms: false }).terms;
    const weight = (term: string): number | undefined => terms.find((t) => t.term === term)?.weight;
    expect(weight('打分')).toBe(1);
    expect(weight('组员')).toBeLessThan(1); // 组|员 are separate segmenter words
    expect(weight('组员')).toBeGreaterThan(0);
  });
});

describe('mixed script', () => {
  it('analyses English words inside Chinese and Chinese inside English', () => {
    expect(queryTerms('怎么在Odoo里请假', { synonyms: false })).toEqual(['odoo', '请假', '假']);
    expect(queryTerms('approve the 加班时间', { synonyms: false })).toEqual(expect.arrayContaining(['approv', '加班', '时间']));
  });
});

describe('English text', () => {
  it('case-folds and stems', () => {
    expect(stemEnglish('appraisals')).toBe(stemEnglish('appraisal'));
    expect(stemEnglish('approved')).toBe(stemEnglish('approve'));
    expect(stemEnglish('running')).toBe('run');
    expect(stemEnglish('employees')).toBe(stemEnglish('employee'));
    expect(indexTerms('Employees APPROVED')).toEqual([stemEnglish('employees'), stemEnglish('approved')]);
  });

  it('removes stop words and single letters but keeps digits', () => {
    expect(indexTerms('How do I set up the 360 feedback in 2 steps?')).toEqual(['set', '360', 'feedback', '2', 'step']);
  });

  it('folds full-width characters to half-width', () => {
    expect(normalizeText('ＰＩＮ１２３，')).toBe('pin123,');
    expect(indexTerms('输入ＰＩＮ码')).toContain('pin');
  });

  it('expands chat shorthand and general HR synonyms, at a lower weight', () => {
    const terms = analyzeQuery('ask ppl for time off').terms;
    expect(terms.find((t) => t.term === 'peopl')?.weight).toBe(1);
    const leave = terms.find((t) => t.term === stemEnglish('leave'));
    expect(leave?.weight).toBeGreaterThan(0);
    expect(leave?.weight).toBeLessThan(1);
    expect(terms.some((t) => t.term === '请假')).toBe(true);
    expect(analyzeQuery('ask ppl for time off', { synonyms: false }).terms.some((t) => t.term === '请假')).toBe(false);
  });
});

describe('detectLanguage', () => {
  it.each([
    ['怎么在Odoo里请假', 'zh-CN'],
    ['我的假期余额是多少？', 'zh-CN'],
    ['kiosk上员工要输PIN码才能签到', 'zh-CN'],
    ['How do I request time off?', 'en'],
    ['how do i approve only part of the 加班时间 on an attendance record', 'en'],
    ['ＨＯＷ ＤＯ Ｉ ＬＯＧ ＩＮ', 'en'],
  ] as const)('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it.each(['', '   ', '😀🎉👍', '???', '12345', '👍 !!'])('has no language for %j', (text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });
});
