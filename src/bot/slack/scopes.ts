/** The bot scopes Hypercare asks for; slack/manifest.yml lists the same (a test compares them). */
export const BOT_SCOPES = [
  'app_mentions:read', // app_mention events
  'chat:write', // answers, proactive messages
  'commands', // /ask, /hypercare
  'channels:history', // message.channels: engineers' replies in escalation threads
  'groups:history', // message.groups: the same in private engineers' channels
  'im:history', // message.im: questions in the DM
  'im:write', // conversations.open for proactive DMs
  'users:read', // users.info: name, locale, time zone
  'users:read.email', // users.info: email, to match the roster
] as const;

export const BOT_EVENTS = ['app_mention', 'message.im', 'message.channels', 'message.groups', 'app_home_opened', 'app_uninstalled', 'tokens_revoked'] as const;
