import { describe, expect, it } from 'vitest';
import { allMessageKeys, t } from '../../src/bot/i18n/messages.js';

describe('user-facing strings', () => {
  it('exist in both languages with the same placeholders', () => {
    for (const key of allMessageKeys()) {
      const en = t('en', key);
      const zh = t('zh-CN', key);
      expect(en.trim(), key).not.toBe('');
      expect(zh.trim(), key).not.toBe('');
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(holes(zh), key).toEqual(holes(en));
      if (key !== 'help.commands') expect(/[\u4e00-\u9fff]/.test(zh), `${key} is not Chinese`).toBe(true);
    }
  });

  it('fills placeholders', () => {
    expect(t('zh-CN', 'input.tooLong', { length: 5000, max: 4000 })).toBe('你的消息有 5000 个字符，我最多只能读 4000 个。请只发送问题本身。');
  });
});
