/**
 * Slash commands and interactivity → IncomingMessages.
 *   /ask <question>                       → the question
 *   /hypercare help | lang zh|en | stats  → the same words the core understands
 *   (and 帮助, 语言 中文, 统计; an empty command means help)
 *   block_actions                         → an IncomingMessage with `action`
 * Answers go back through the response_url (visible to the asker only).
 */
import type { IncomingMessage } from '../core/types.js';
import { fromSlackText, type ParsedMessage } from './parse-events.js';
import { blockActions, slashCommand, viewSubmission } from './payloads.js';
import { actionIdOf } from './render.js';
import { slackThreadId } from './thread-ids.js';

export function parseSlashCommand(body: unknown): ParsedMessage | { kind: 'ignore'; reason: string } {
  const parsed = slashCommand.safeParse(body);
  if (!parsed.success) return { kind: 'ignore', reason: `unreadable slash command: ${parsed.error.issues[0]?.message ?? ''}` };
  const cmd = parsed.data;
  const tenantKey = cmd.is_enterprise_install === 'true' && cmd.enterprise_id ? cmd.enterprise_id : cmd.team_id;
  const text = fromSlackText(cmd.text).trim() || 'help';
  const msg: IncomingMessage = {
    platform: 'slack',
    tenantId: tenantKey,
    threadId: slackThreadId({ tenant: tenantKey, channel: cmd.channel_id }),
    messageId: `command:${cmd.trigger_id}`,
    author: { id: cmd.user_id, name: cmd.user_name, isBot: false, isMe: false },
    text,
    raw: cmd,
  };
  return { kind: 'message', tenantKey, msg, reply: { kind: 'response_url', url: cmd.response_url, channel: cmd.channel_id } };
}

export function parseBlockActions(body: unknown): ParsedMessage[] {
  const parsed = blockActions.safeParse(body);
  if (!parsed.success) return [];
  const p = parsed.data;
  const tenantKey = p.is_enterprise_install && p.enterprise?.id ? p.enterprise.id : (p.team?.id ?? p.user.team_id);
  if (!tenantKey) return [];
  // Buttons on the Home tab have no channel: answer in the app's DM (posting to a user id does that).
  const channel = p.container?.channel_id ?? p.channel?.id ?? p.user.id;
  const threadTs = p.container?.thread_ts ?? p.message?.thread_ts ?? (p.channel ? p.container?.message_ts : undefined);
  return p.actions.map((action) => {
    const msg: IncomingMessage = {
      platform: 'slack',
      tenantId: tenantKey,
      threadId: slackThreadId({ tenant: tenantKey, channel, threadTs }),
      messageId: `action:${p.user.id}:${action.action_ts}:${action.action_id}`,
      author: { id: p.user.id, name: p.user.name, isBot: false, isMe: false },
      text: '',
      action: { id: actionIdOf(action.action_id), value: action.value ?? action.selected_option?.value ?? '' },
      raw: p,
    };
    return {
      kind: 'message' as const,
      tenantKey,
      msg,
      reply: p.response_url ? { kind: 'response_url' as const, url: p.response_url, channel, threadTs } : { kind: 'channel' as const, channel, threadTs },
    };
  });
}

/** The tenant a modal belongs to: the installing org or workspace (view.app_installed_team_id), not the user's team. */
export function viewSubmissionTenant(body: unknown): string | undefined {
  const parsed = viewSubmission.safeParse(body);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  if (p.is_enterprise_install && p.enterprise?.id) return p.enterprise.id;
  return p.view.app_installed_team_id ?? p.team?.id ?? p.view.team_id;
}
