/**
 * "stats" / "统计": the asker's own numbers — questions asked, answered from
 * the knowledge base, and how often they rated an answer helpful.
 */
import type { Handler } from '../core/handler.js';
import type { OutgoingMessage } from '../core/types.js';
import { langFromLocale } from '../core/language.js';
import { t } from '../i18n/messages.js';
import { plainText } from './answer-message.js';

const STATS_WORDS = new Set(['stats', '/stats', 'stat', 'statistics', 'my stats', '统计', '我的统计', '数据', '我的数据', '统计数据']);

function normalize(text: string): string {
  return text.toLowerCase().replace(/[!！。.？?]+$/u, '').trim();
}

export const statsHandler: Handler = {
  name: 'stats',
  matches: (msg, text) => !msg.action && STATS_WORDS.has(normalize(text)),
  async handle({ text, tenant, user, lang, services }): Promise<OutgoingMessage[]> {
    // A bare English keyword says nothing about the asker's language: their own settings do.
    const replyLang = /^[\x20-\x7e]+$/.test(text) ? (user.locale ?? langFromLocale(user.platformLocale) ?? lang) : lang;
    const { asked, answered, rated, helpful } = await services.questions.activityOf(tenant.id, user.id);
    const helpfulValue =
      rated > 0 ? t(replyLang, 'stats.helpfulValue', { percent: Math.round((helpful / rated) * 100), helpful, rated }) : t(replyLang, 'stats.notRated');
    const blocks: OutgoingMessage['blocks'] = [
      { kind: 'heading', text: t(replyLang, 'stats.title') },
      {
        kind: 'fields',
        fields: [
          { label: t(replyLang, 'stats.asked'), value: String(asked) },
          { label: t(replyLang, 'stats.answered'), value: String(answered) },
          { label: t(replyLang, 'stats.helpful'), value: helpfulValue },
        ],
      },
    ];
    if (asked === 0) blocks.push({ kind: 'text', text: t(replyLang, 'stats.none') });
    return [{ lang: replyLang, text: plainText(blocks, replyLang), blocks }];
  },
};
