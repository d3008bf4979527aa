import type { Lang } from '../types.js';
import { isHanCode } from './normalize.js';

/**
 * The language a message is written in, or undefined when it has no words
 * (empty, emoji, punctuation, digits only).
 *
 * Chinese words average about 1.7 characters, so Han characters are weighed
 * against Latin words at that rate: "怎么在Odoo里请假" is Chinese,
 * "how do I approve 加班时间" is English.
 */
export function detectLanguage(text: string): Lang | undefined {
  let hanChars = 0;
  let latinWords = 0;
  let inLatinWord = false;
  const normalized = text.normalize('NFKC');
  for (let i = 0; i < normalized.length; i++) {
    const code = normalized.charCodeAt(i);
    if (isHanCode(code)) {
      hanChars++;
      inLatinWord = false;
    } else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 0xc0 && code <= 0x24f)) {
      if (!inLatinWord) latinWords++;
      inLatinWord = true;
    } else if (code === 39 || code === 0x2019) {
      // apostrophe inside a word ("what's") does not start a new word
    } else {
      inLatinWord = false;
    }
  }
  if (hanChars === 0 && latinWords === 0) return undefined;
  return hanChars / 1.7 >= latinWords ? 'zh-CN' : 'en';
}
