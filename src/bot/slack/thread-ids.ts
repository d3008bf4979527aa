/**
 * Slack thread ids: `slack:<tenant>:<channel>[:<thread_ts>]`, where tenant is
 * the workspace (T…) or, for org-wide installs, the enterprise (E…) id.
 */
import { HypercareError } from '../core/errors.js';

export interface SlackConversation {
  tenant: string;
  channel: string;
  threadTs?: string;
}

export function slackThreadId(c: SlackConversation): string {
  return c.threadTs ? `slack:${c.tenant}:${c.channel}:${c.threadTs}` : `slack:${c.tenant}:${c.channel}`;
}

export function parseSlackThreadId(threadId: string): SlackConversation {
  const [platform, tenant, channel, threadTs, ...rest] = threadId.split(':');
  if (platform !== 'slack' || !tenant || !channel || rest.length > 0) {
    throw new HypercareError('bad_request', `"${threadId}" is not a Slack thread id (slack:<team>:<channel>[:<thread_ts>])`);
  }
  return threadTs ? { tenant, channel, threadTs } : { tenant, channel };
}
