/**
 * The work after the ack for a question or button press: who is asking
 * (users.info, cached), the router's answer (it de-duplicates and skips
 * bots), and the replies posted back to Slack.
 */
import type { Logger } from '../../log.js';
import type { Router } from '../core/router.js';
import type { ParsedMessage } from './parse-events.js';
import type { SlackCredentials } from './installations.js';
import type { SlackProfiles } from './profiles.js';
import { postReply } from './replies.js';
import type { SlackApi } from './web-api.js';

export class SlackConversation {
  constructor(private readonly deps: { router: Router; api: SlackApi; credentials: SlackCredentials; profiles: SlackProfiles; log: Logger }) {}

  async answer({ tenantKey, msg, reply }: ParsedMessage): Promise<void> {
    if (msg.author.isMe || msg.author.isBot) {
      await this.deps.router.route(msg); // the router skips it; no Slack call for a bot's message
      return;
    }
    const creds = await this.deps.credentials.forTenant(tenantKey);
    const profile = await this.deps.profiles.get(tenantKey, msg.author.id, creds.token);
    const replies = await this.deps.router.route({
      ...msg,
      author: { ...msg.author, name: profile?.name ?? msg.author.name },
      locale: profile?.locale ?? msg.locale,
    });
    for (const outgoing of replies) await postReply(this.deps.api, creds.token, reply, outgoing);
  }
}
