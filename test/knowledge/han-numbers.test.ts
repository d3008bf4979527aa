import { describe, expect, it } from 'vitest';
import { hanNumbers } from '../../src/knowledge/text/han-numbers.js';
import { queryTerms } from '../../src/knowledge/text/query.js';

describe('Chinese numerals in questions', () => {
  it('reads numbers with a place value, the colloquial 三百六 included', () => {
    expect(hanNumbers('三百六那个')).toEqual([360]);
    expect(hanNumbers('二十五天')).toEqual([25]);
    expect(hanNumbers('十五号')).toEqual([15]);
    expect(hanNumbers('一百零五')).toEqual([105]);
    expect(hanNumbers('一千二')).toEqual([1200]);
    expect(hanNumbers('两百块')).toEqual([200]);
  });

  it('leaves words that merely contain numeral characters alone', () => {
    for (const text of ['十分钟', '万一', '一下', '统一', '十几分钟', '三六']) expect(hanNumbers(text)).toEqual([]);
  });

  it('adds the number in digits to the question', () => {
    expect(queryTerms('三百六十度反馈在哪')).toContain('360');
  });
});
