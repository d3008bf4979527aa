/** "help" / "帮助": what the bot does and the commands it knows. */
import type { Handler } from '../core/handler.js';
import { t } from '../i18n/messages.js';

const HELP_WORDS = new Set(['help', '/help', '?', 'hi', 'hello', 'hey', 'start', '帮助', '帮忙', '使用帮助', '你好', '您好', '嗨']);

export const helpHandler: Handler = {
  name: 'help',
  matches: (msg, text) => !msg.action && HELP_WORDS.has(text.toLowerCase().replace(/[!！。.？]+$/u, '')),
  async handle({ lang }) {
    const title = t(lang, 'help.title');
    const body = t(lang, 'help.body');
    const commands = t(lang, 'help.commands');
    return [
      {
        lang,
        text: `${title}\n\n${body}\n\n${commands}`,
        blocks: [
          { kind: 'heading', text: title },
          { kind: 'text', text: body },
          { kind: 'text', text: commands },
        ],
      },
    ];
  },
};
