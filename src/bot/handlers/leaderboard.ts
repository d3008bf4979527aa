/**
 * `leaderboard` / `/hypercare leaderboard` / 排行榜: the asker's department's
 * top champions of the last 30 days, without people who opted out of public
 * recognition. And that opt-out itself: "no recognition" / 不要公开表彰, undone
 * with "allow recognition" / 可以公开表彰.
 */
import type { Handler } from '../core/handler.js';
import type { OutgoingMessage } from '../core/types.js';
import { textReply } from '../core/replies.js';
import { t } from '../i18n/messages.js';
import { message, nameOf, reasonsText } from '../../adoption/champion-messages.js';

const LEADERBOARD_WORDS = new Set(['leaderboard', '/leaderboard', 'leader board', 'champions', 'top champions', '排行榜', '英雄榜', '光荣榜']);
const OPT_OUT_WORDS = new Set(['no recognition', 'recognition off', 'opt out of recognition', 'no public recognition', '不要公开表彰', '不要表彰', '不公开表彰']);
const OPT_IN_WORDS = new Set(['allow recognition', 'recognition on', 'opt in to recognition', '可以公开表彰', '允许公开表彰']);

function normalize(text: string): string {
  return text.toLowerCase().replace(/[!！。.？?]+$/u, '').replace(/\s+/g, ' ').trim();
}

export const leaderboardHandler: Handler = {
  name: 'leaderboard',
  matches: (msg, text) => {
    if (msg.action) return false;
    const words = normalize(text);
    return LEADERBOARD_WORDS.has(words) || OPT_OUT_WORDS.has(words) || OPT_IN_WORDS.has(words);
  },
  async handle({ text, tenant, user, lang, services }): Promise<OutgoingMessage[]> {
    const words = normalize(text);
    if (OPT_OUT_WORDS.has(words) || OPT_IN_WORDS.has(words)) {
      const optOut = OPT_OUT_WORDS.has(words);
      await services.recognition.setOptOut(tenant.id, user.id, optOut);
      return [textReply(lang, optOut ? 'champions.optedOut' : 'champions.optedIn')];
    }
    const { departmentName, entries } = await services.recognition.leaderboard(tenant.id, user.id);
    const title = departmentName ? t(lang, 'champions.leaderboardDepartment', { department: departmentName }) : t(lang, 'champions.leaderboardAll');
    if (entries.length === 0) return [message(lang, [{ kind: 'heading', text: title }, { kind: 'text', text: t(lang, 'champions.leaderboardEmpty') }])];
    const lines = entries.map((e, i) =>
      t(lang, 'champions.leaderboardLine', { rank: i + 1, name: nameOf(lang, e.displayName), score: e.score, reasons: reasonsText(lang, e.reasons) }),
    );
    return [
      message(lang, [
        { kind: 'heading', text: title },
        { kind: 'text', text: lines.join('\n') },
        { kind: 'text', text: t(lang, 'champions.leaderboardPoints') },
      ]),
    ];
  },
};
