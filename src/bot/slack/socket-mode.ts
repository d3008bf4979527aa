/**
 * Socket Mode (SLACK_APP_TOKEN): the same inbound path as HTTP, over Slack's
 * WebSocket. Payloads arrive already authenticated by the connection, and are
 * acknowledged the moment they are accepted.
 */
import { SocketModeClient, LogLevel } from '@slack/socket-mode';
import type { Logger } from '../../log.js';
import type { InboundKind, SlackInbound } from './inbound.js';

const KIND_OF: Record<string, InboundKind> = { events_api: 'event', slash_commands: 'command', interactive: 'interaction' };

export function createSocketMode(deps: { appToken: string; apiUrl: string; inbound: SlackInbound; log: Logger }) {
  const client = new SocketModeClient({
    appToken: deps.appToken,
    logLevel: LogLevel.WARN,
    clientOptions: { slackApiUrl: deps.apiUrl },
  });
  client.on('slack_event', async (event: { ack: (body?: Record<string, unknown>) => Promise<void>; type: string; body: unknown; retry_num?: number; retry_reason?: string }) => {
    const kind = KIND_OF[event.type];
    let body: Record<string, unknown> | undefined;
    try {
      if (kind) body = deps.inbound.accept(kind, event.body, { retryNum: event.retry_num, retryReason: event.retry_reason });
    } catch (err) {
      deps.log.error({ err }, 'Socket Mode payload handling failed; acknowledged anyway');
    }
    await event.ack(body);
  });
  return {
    start: async () => {
      await client.start();
      deps.log.info('connected to Slack in Socket Mode');
    },
    stop: () => client.disconnect(),
  };
}
