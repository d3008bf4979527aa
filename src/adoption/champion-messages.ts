/**
 * The champions' messages as platform-neutral OutgoingMessages. Names and
 * reasons are people's own text: they go into text blocks unescaped and each
 * renderer escapes them for its platform (Slack mrkdwn, Teams TextRuns).
 */
import type { Lang } from '../knowledge/types.js';
import type { Block, OutgoingMessage } from '../bot/core/types.js';
import { t, type MessageKey } from '../bot/i18n/messages.js';
import { plainText } from '../bot/handlers/answer-message.js';
import type { ChampionReason, ReasonKind } from './champions.js';

const REASON_KEYS: Record<ReasonKind, MessageKey> = {
  thanks: 'champions.reasonThanks',
  recognitions: 'champions.reasonRecognitions',
  claims: 'champions.reasonClaims',
  activeDays: 'champions.reasonActiveDays',
  surveys: 'champions.reasonSurveys',
};

export function reasonsText(lang: Lang, reasons: ChampionReason[]): string {
  return reasons.map((r) => t(lang, REASON_KEYS[r.kind], { count: r.count })).join(lang === 'zh-CN' ? '，' : ', ');
}

export function nameOf(lang: Lang, displayName: string): string {
  return displayName.trim() || t(lang, 'champions.someone');
}

/** "November 2026" / "2026年11月" for a month key "2026-11". */
export function monthLabel(lang: Lang, month: string): string {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  if (lang === 'zh-CN') return `${year}年${mm}月`;
  return new Date(Date.UTC(year, mm - 1, 1)).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function message(lang: Lang, blocks: Block[]): OutgoingMessage {
  return { lang, text: plainText(blocks, lang), blocks };
}

/** The private message telling someone they were recognised or thanked. */
export function recognitionDm(lang: Lang, input: { kind: 'thanks' | 'recognize'; giverName: string; reason: string }): OutgoingMessage {
  const giver = nameOf(lang, input.giverName);
  const body =
    input.kind === 'thanks'
      ? t(lang, 'champions.dmThanks', { giver })
      : input.reason
        ? t(lang, 'champions.dmRecognized', { giver, reason: input.reason })
        : t(lang, 'champions.dmRecognizedNoReason', { giver });
  return message(lang, [
    { kind: 'heading', text: t(lang, 'champions.dmTitle') },
    { kind: 'text', text: body },
    { kind: 'text', text: t(lang, 'champions.dmFooter') },
  ]);
}

export interface MonthAnnouncement {
  lang: Lang;
  month: string;
  departmentName: string;
  championName: string;
  score: number;
  reasons: ChampionReason[];
  endorsement: { managerName: string; reason: string } | null;
  /** A colleague's words from the month, if any. */
  quote: string | null;
}

export function monthAnnouncement(a: MonthAnnouncement): OutgoingMessage {
  const { lang } = a;
  const month = monthLabel(lang, a.month);
  const vars = { department: a.departmentName, month, name: nameOf(lang, a.championName), score: a.score, reasons: reasonsText(lang, a.reasons) };
  const blocks: Block[] = [
    { kind: 'heading', text: t(lang, 'champions.monthTitle', vars) },
    { kind: 'text', text: t(lang, 'champions.monthBody', vars) },
  ];
  if (a.endorsement) {
    const manager = nameOf(lang, a.endorsement.managerName);
    blocks.push({
      kind: 'text',
      text: a.endorsement.reason
        ? t(lang, 'champions.monthEndorsed', { manager, reason: a.endorsement.reason })
        : t(lang, 'champions.monthEndorsedNoReason', { manager }),
    });
  }
  if (a.quote) blocks.push({ kind: 'text', text: t(lang, 'champions.monthQuote', { reason: a.quote }) });
  return message(lang, blocks);
}
