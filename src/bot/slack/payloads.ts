/**
 * The parts of Slack's payloads the adapter reads, validated at the edge.
 * Objects are loose: Slack adds fields all the time and `raw` keeps them.
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);
const nullableId = id.nullish();

export const authorization = z.looseObject({
  team_id: nullableId,
  enterprise_id: nullableId,
  user_id: id.optional(),
  is_bot: z.boolean().optional(),
  is_enterprise_install: z.boolean().optional(),
});

export const eventEnvelope = z.looseObject({
  type: z.literal('event_callback'),
  team_id: id.optional(),
  enterprise_id: nullableId,
  api_app_id: id.optional(),
  event_id: id.optional(),
  is_enterprise_install: z.boolean().optional(),
  authorizations: z.array(authorization).optional(),
  event: z.looseObject({ type: z.string() }),
});
export type EventEnvelope = z.infer<typeof eventEnvelope>;

export const messageEvent = z.looseObject({
  type: z.enum(['message', 'app_mention']),
  subtype: z.string().optional(),
  hidden: z.boolean().optional(),
  user: id.optional(),
  bot_id: id.optional(),
  app_id: id.optional(),
  bot_profile: z.looseObject({ app_id: id.optional() }).optional(),
  text: z.string().max(200_000).default(''),
  ts: z.string().min(1).max(32),
  thread_ts: z.string().min(1).max(32).optional(),
  channel: id,
  channel_type: z.string().optional(),
  team: id.optional(),
  /** Files shared with the message (subtype file_share): passed on as links. */
  files: z
    .array(z.looseObject({ name: z.string().optional(), title: z.string().optional(), permalink: z.string().optional(), url_private: z.string().optional(), mimetype: z.string().optional() }))
    .optional(),
});
export type MessageEvent = z.infer<typeof messageEvent>;

export const homeOpenedEvent = z.looseObject({ type: z.literal('app_home_opened'), user: id, tab: z.string().optional() });

export const tokensRevokedEvent = z.looseObject({
  type: z.literal('tokens_revoked'),
  tokens: z.looseObject({ bot: z.array(z.string()).optional(), oauth: z.array(z.string()).optional() }).optional(),
});

export const slashCommand = z.looseObject({
  command: z.string().min(1).max(100),
  text: z.string().max(10_000).default(''),
  team_id: id,
  // Sent empty outside Enterprise Grid.
  enterprise_id: z.string().max(64).optional(),
  is_enterprise_install: z.string().optional(),
  channel_id: id,
  user_id: id,
  user_name: z.string().optional(),
  response_url: z.string().url(),
  trigger_id: z.string().min(1).max(200),
});
export type SlashCommand = z.infer<typeof slashCommand>;

const teamRef = z.looseObject({ id }).nullish();

export const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id, name: z.string().optional(), team_id: id.optional() }),
  team: teamRef,
  enterprise: teamRef,
  is_enterprise_install: z.boolean().optional(),
  container: z.looseObject({ type: z.string(), message_ts: z.string().optional(), channel_id: id.optional(), thread_ts: z.string().optional() }).optional(),
  channel: z.looseObject({ id }).optional(),
  message: z.looseObject({ ts: z.string(), thread_ts: z.string().optional() }).optional(),
  response_url: z.string().url().optional(),
  actions: z.array(
    z.looseObject({
      action_id: z.string().max(255),
      value: z.string().max(2000).optional(),
      selected_option: z.looseObject({ value: z.string() }).optional(),
      action_ts: z.string(),
    }),
  ),
});
export type BlockActions = z.infer<typeof blockActions>;

export const viewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  user: z.looseObject({ id }),
  team: teamRef,
  enterprise: teamRef,
  is_enterprise_install: z.boolean().optional(),
  view: z.looseObject({ id, app_installed_team_id: id.optional(), team_id: id.optional(), callback_id: z.string().optional() }),
});
export type ViewSubmission = z.infer<typeof viewSubmission>;
