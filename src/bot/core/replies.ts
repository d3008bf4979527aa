/** Small builders for the OutgoingMessages most handlers send. */
import type { Lang } from '../../knowledge/types.js';
import { t, type MessageKey } from '../i18n/messages.js';
import type { OutgoingMessage } from './types.js';

export function textReply(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): OutgoingMessage {
  const text = t(lang, key, vars);
  return { lang, text, blocks: [{ kind: 'text', text }] };
}
