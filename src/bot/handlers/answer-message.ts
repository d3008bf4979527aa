/** Builds the answer and "I don't know" replies from search hits. */
import type { Lang, SearchHit } from '../../knowledge/types.js';
import type { Block, OutgoingMessage } from '../core/types.js';
import { t } from '../i18n/messages.js';
import { FEEDBACK_ACTION, feedbackValue } from './feedback.js';

type LinkFor = (hit: SearchHit) => string;

export function answerMessage(input: {
  lang: Lang;
  questionId: string;
  top: SearchHit;
  related: SearchHit[];
  link: LinkFor;
}): OutgoingMessage {
  const { lang, top, related, link } = input;
  const blocks: Block[] = [{ kind: 'heading', text: top.title }];
  if (top.lang !== lang) blocks.push({ kind: 'text', text: t(lang, 'answer.otherLanguage') });
  blocks.push({ kind: 'markdown', text: top.passage });
  blocks.push({ kind: 'source', label: t(lang, 'answer.source'), link: { label: top.title, url: link(top) } });
  if (related.length > 0) {
    blocks.push({ kind: 'links', label: t(lang, 'answer.related'), links: related.map((h) => ({ label: h.title, url: link(h) })) });
  }
  blocks.push({
    kind: 'actions',
    prompt: t(lang, 'answer.didItHelp'),
    buttons: [
      { id: FEEDBACK_ACTION, value: feedbackValue(input.questionId, true), label: t(lang, 'answer.yes'), style: 'primary' },
      { id: FEEDBACK_ACTION, value: feedbackValue(input.questionId, false), label: t(lang, 'answer.no') },
    ],
  });
  return { lang, text: plainText(blocks, lang), blocks };
}

export function unknownMessage(lang: Lang, maybe: SearchHit[], link: LinkFor): OutgoingMessage {
  const blocks: Block[] = [
    { kind: 'heading', text: t(lang, 'unknown.title') },
    { kind: 'text', text: t(lang, 'unknown.body') },
  ];
  if (maybe.length > 0) {
    blocks.push({ kind: 'links', label: t(lang, 'unknown.maybe'), links: maybe.map((h) => ({ label: h.title, url: link(h) })) });
  }
  return { lang, text: plainText(blocks, lang), blocks };
}

/** The whole message as plain text, for notifications and text-only channels. */
export function plainText(blocks: Block[], lang: Lang): string {
  const colon = lang === 'zh-CN' ? '：' : ': ';
  const parts: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
      case 'text':
      case 'markdown':
        parts.push(b.text);
        break;
      case 'fields':
        parts.push(b.fields.map((f) => `${f.label}${colon}${f.value}`).join('\n'));
        break;
      case 'source':
        parts.push(`${b.label}${colon}${b.link.label} (${b.link.url})`);
        break;
      case 'links':
        parts.push(`${b.label}${colon.trim()}\n${b.links.map((l) => `• ${l.label} (${l.url})`).join('\n')}`);
        break;
      case 'actions':
        if (b.prompt) parts.push(`${b.prompt} ${b.buttons.map((x) => `[${x.label}]`).join(' ')}`);
        break;
      case 'image':
        parts.push(`[${b.alt}]`);
        break;
      case 'divider':
        break;
    }
  }
  return parts.join('\n\n');
}
