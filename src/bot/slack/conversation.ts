/**
 * The work after the ack for a question or button press: who is asking
 * (users.info, cached), the router's answer (it de-duplicates and skips
 * bots), and the replies posted back to Slack — handed to `follow`, so the
 * wait on Slack's Web API does not hold a background-work slot.
 */
import type { Logger } from '../../log.js';
import type { Router } from '../core/router.js';
import type { OutgoingMessage } from '../core/types.js';
import type { ParsedMessage } from './parse-events.js';
import type { SlackCredentials } from './installations.js';
import type { SlackProfiles } from './profiles.js';
import { postReply } from './replies.js';
import type { SlackApi } from './web-api.js';
import type { BackgroundWork } from './work.js';

export class SlackConversation {
  constructor(
    private readonly deps: { router: Router; api: SlackApi; credentials: SlackCredentials; profiles: SlackProfiles; work: BackgroundWork; log: Logger },
  ) {}

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
    if (replies.length === 0) return;
    this.deps.work.follow('reply', this.post(creds.token, reply, replies));
  }

  /** In order: a thread shows the replies as the core produced them. */
  private async post(token: string, target: ParsedMessage['reply'], replies: OutgoingMessage[]): Promise<void> {
    for (const outgoing of replies) await postReply(this.deps.api, token, target, outgoing);
  }
}
