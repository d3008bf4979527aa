/**
 * The thread that replies to a posted message live in. An escalation's
 * notification is posted to the engineers' channel; engineers answer under
 * it, so that reply thread is the escalation's engineer thread:
 *   slack:T1:C1 + ts 1700000000.0001 → slack:T1:C1:1700000000.0001
 *   teams:<tenant>:19:…@thread.tacv2 + id 1766… → teams:<tenant>:19:…@thread.tacv2;messageid=1766…
 * Thread ids are platform-neutral strings (see ARCHITECTURE.md); the local
 * channel has no threads, so there the engineers use "#<ref> answer".
 */

const TEAMS_REPLY = ';messageid=';

/** The reply thread under a message posted to `channelThreadId`, or null where threads do not exist. */
export function replyThreadOf(channelThreadId: string, postedMessageId: string): string | null {
  if (channelThreadId.startsWith('slack:')) {
    // Already a thread (slack:T:C:ts): replies stay in it.
    return channelThreadId.split(':').length === 4 ? channelThreadId : `${channelThreadId}:${postedMessageId}`;
  }
  if (channelThreadId.startsWith('teams:')) {
    return channelThreadId.includes(TEAMS_REPLY) ? channelThreadId : `${channelThreadId}${TEAMS_REPLY}${postedMessageId}`;
  }
  return null;
}

/** The inverse: which channel and posted message a reply thread hangs under, or null when it is not a reply thread. */
export function postedMessageOf(threadId: string): { channelThreadId: string; postedMessageId: string } | null {
  if (threadId.startsWith('slack:')) {
    const parts = threadId.split(':');
    if (parts.length !== 4 || !parts[3]) return null;
    return { channelThreadId: parts.slice(0, 3).join(':'), postedMessageId: parts[3] };
  }
  if (threadId.startsWith('teams:')) {
    const at = threadId.lastIndexOf(TEAMS_REPLY);
    if (at < 0) return null;
    return { channelThreadId: threadId.slice(0, at), postedMessageId: threadId.slice(at + TEAMS_REPLY.length) };
  }
  return null;
}

/** A short reference people can type: the last six hex digits of the escalation id (its random part). */
export function escalationRef(escalationId: string): string {
  return escalationId.replace(/-/g, '').slice(-6).toUpperCase();
}
