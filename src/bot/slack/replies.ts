/** Posts the core's replies where the question was asked: in its thread, or through the response_url. */
import type { OutgoingMessage } from '../core/types.js';
import type { SendOptions } from '../../delivery/outbound.js';
import type { ReplyTarget } from './parse-events.js';
import { renderMessage } from './render.js';
import type { SlackApi } from './web-api.js';

/**
 * `options` are the outbound path's (SendOptions): `beforePost` runs after
 * rendering, right before the request; a `paced` post leaves a 429 to the
 * caller's shared limiter.
 */
export async function postReply(api: SlackApi, token: string, target: ReplyTarget, reply: OutgoingMessage, options?: Partial<SendOptions>): Promise<string | undefined> {
  const { text, blocks } = renderMessage(reply);
  await options?.beforePost?.();
  if (target.kind === 'response_url') {
    // Seen by the asker only, and it works in channels the bot was never invited to.
    await api.respond(target.url, { response_type: 'ephemeral', replace_original: false, text, blocks });
    return undefined;
  }
  const res = await api.call(token, 'chat.postMessage', {
    channel: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    text,
    blocks,
    // Article links would otherwise unfold into large previews under every answer.
    unfurl_links: false,
    unfurl_media: false,
  }, { paced: options?.paced });
  return typeof res.ts === 'string' ? res.ts : undefined;
}
