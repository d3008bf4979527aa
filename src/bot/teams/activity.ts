/**
 * The inbound Bot Framework activity, validated at the edge. Only the fields
 * Hypercare reads are checked; everything else passes through untouched for
 * botbuilder (zod looseObject, like the Agents SDK's Activity.fromObject).
 */
import { z } from 'zod';

const account = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  role: z.string().optional(),
});

export const inboundActivity = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  text: z.string().optional(),
  locale: z.string().optional(),
  name: z.string().optional(),
  action: z.string().optional(),
  value: z.unknown().optional(),
  replyToId: z.string().optional(),
  entities: z.array(z.looseObject({ type: z.string().optional() })).optional(),
  membersAdded: z.array(account).optional(),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: z.string() }).optional(),
      team: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
      channel: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
    })
    .optional(),
});

export type InboundActivity = z.infer<typeof inboundActivity>;

/** The Teams tenant of an activity: channelData.tenant.id, else conversation.tenantId. */
export function teamsTenantOf(activity: InboundActivity): string | undefined {
  return activity.channelData?.tenant?.id ?? activity.conversation.tenantId ?? undefined;
}

/** 1:1 chat with the bot (as opposed to a channel or group chat). */
export function isPersonal(activity: InboundActivity): boolean {
  const type = activity.conversation.conversationType;
  return type === 'personal' || (type === undefined && activity.conversation.isGroup !== true);
}

/** The user's locale: the activity's, else the clientInfo entity's. */
export function localeOf(activity: InboundActivity): string | undefined {
  if (activity.locale) return activity.locale;
  const clientInfo = activity.entities?.find((e) => e.type === 'clientInfo');
  const locale = clientInfo?.['locale'];
  return typeof locale === 'string' ? locale : undefined;
}

/** Thread ids are `teams:<tenant>:<conversation id>`; conversation ids hold ':' but tenant ids never do. */
export function teamsThreadId(tenant: string, conversationId: string): string {
  return `teams:${tenant}:${conversationId}`;
}

export function parseTeamsThreadId(threadId: string): { tenant: string; conversationId: string } | undefined {
  const match = /^teams:([^:]+):(.+)$/s.exec(threadId);
  return match ? { tenant: match[1]!, conversationId: match[2]! } : undefined;
}
