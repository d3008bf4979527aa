/** The message the bot posts when it is added to a personal chat or a team, in the user's language. */
import type { Lang } from '../../knowledge/types.js';
import type { OutgoingMessage } from '../core/types.js';
import { teamsText } from './strings.js';

export function welcomeMessage(lang: Lang, scope: 'personal' | 'team'): OutgoingMessage {
  const title = teamsText(lang, 'welcome.title');
  const body = teamsText(lang, scope === 'personal' ? 'welcome.personal' : 'welcome.team');
  const commands = teamsText(lang, 'welcome.commands');
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
