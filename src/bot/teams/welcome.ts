/** The message the bot posts when it is added to a personal chat or a team, in the user's language. */
import type { Lang } from '../../knowledge/types.js';
import type { OutgoingMessage } from '../core/types.js';
import { t } from '../i18n/messages.js';

export function welcomeMessage(lang: Lang, scope: 'personal' | 'team'): OutgoingMessage {
  const title = t(lang, 'help.title');
  const body = t(lang, scope === 'personal' ? 'welcome.personal' : 'welcome.team');
  const commands = t(lang, 'welcome.commands');
  return {
    lang,
    text: `${title}\n\n${body}\n\n${commands.replace(/\*\*/g, '')}`,
    blocks: [
      { kind: 'heading', text: title },
      { kind: 'markdown', text: body },
      { kind: 'markdown', text: commands },
    ],
  };
}
