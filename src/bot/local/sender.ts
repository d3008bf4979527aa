/** Proactive messages to local-channel users land in their inbox (polled by the web chat and terminal). */
import type { ChannelSender } from '../../delivery/outbound.js';
import type { LocalInbox } from './inbox.js';
import type { UserDirectory } from '../../directory/users.js';
import { HypercareError } from '../core/errors.js';
import { isPlaceholder } from '../../directory/placeholders.js';

export function localSender(inbox: LocalInbox, users: UserDirectory): ChannelSender {
  return {
    async send({ tenantId, threadId }, message, options) {
      const platformUserId = threadId.slice('local:'.length);
      const userId = await users.idOf(tenantId, 'local', platformUserId);
      if (!userId) throw new HypercareError('not_found', `no local user "${platformUserId}" in this tenant`);
      await options?.beforePost();
      return { platformMessageId: await inbox.push(tenantId, userId, message) };
    },
    directThreadOf: ({ platformUserId }) => (isPlaceholder(platformUserId) ? null : `local:${platformUserId}`),
  };
}
