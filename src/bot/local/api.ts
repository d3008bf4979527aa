/**
 * The local channel's HTTP API, used by the web chat page, `npm run chat`,
 * tests and scripts. Keep it stable:
 *   POST /api/local/messages {"userId","text","locale"?}        → {"replies":[OutgoingMessage…]}
 *   POST /api/local/messages {"userId","action":{"id","value"}}  → {"replies":[…]}
 *   POST /api/local/messages {"userId","text","attachments":[{"name","url"?}]}  (files sent as links)
 *   GET  /api/local/messages?userId=…&after=<cursor>             → {"messages":[…],"cursor"}
 * When LOCAL_CHANNEL_TOKEN is set, requests need `Authorization: Bearer <token>`.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HypercareError } from '../core/errors.js';
import type { Router } from '../core/router.js';
import type { IncomingMessage } from '../core/types.js';
import type { HttpServer, JsonRequest } from '../../http/server.js';
import type { TenantDirectory } from '../../directory/tenants.js';
import type { UserDirectory } from '../../directory/users.js';
import type { LocalInbox } from './inbox.js';

/** The local channel is one tenant. */
export const LOCAL_TENANT = 'local';

const userId = z
  .string()
  .min(1, 'userId is empty')
  .max(128, 'userId is longer than 128 characters')
  .regex(/^[\p{L}\p{N}._@+-]+$/u, 'userId may hold letters, digits and . _ @ + - only');

const postBody = z
  .object({
    userId,
    text: z.string({ message: 'text must be a string' }).optional(),
    action: z.object({ id: z.string().min(1).max(200), value: z.string().max(2000) }).optional(),
    locale: z.string().max(35).optional(),
    name: z.string().max(200).optional(),
    messageId: z.string().min(1).max(200).optional(),
    /** Files sent with the text (e.g. a screenshot already uploaded somewhere), as links. */
    attachments: z.array(z.object({ name: z.string().min(1).max(300), url: z.url({ protocol: /^https?$/ }).optional() })).max(10).optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.action === undefined), 'send either "text" or "action", not both or neither');

export interface LocalApiDeps {
  router: Router;
  inbox: LocalInbox;
  tenants: TenantDirectory;
  users: UserDirectory;
  token?: string;
}

export function registerLocalApi(server: HttpServer, deps: LocalApiDeps): void {
  server.route('POST', '/api/local/messages', async (req) => {
    authorize(req, deps.token);
    const body = parse(postBody, req.body);
    const msg: IncomingMessage = {
      platform: 'local',
      tenantId: LOCAL_TENANT,
      threadId: `local:${body.userId}`,
      messageId: body.messageId ?? randomUUID(),
      author: { id: body.userId, name: body.name, isBot: false, isMe: false },
      text: body.text ?? '',
      locale: body.locale,
      action: body.action,
      ...(body.attachments?.length ? { attachments: body.attachments } : {}),
    };
    const replies = await deps.router.route(msg);
    return { status: 200, json: { replies } };
  });

  server.route('GET', '/api/local/messages', async (req) => {
    authorize(req, deps.token);
    const query = parse(
      z.object({ userId, after: z.string().regex(/^\d{1,19}$/, 'after must be a cursor returned earlier').optional() }),
      Object.fromEntries(req.url.searchParams),
    );
    const tenant = await deps.tenants.ensure('local', LOCAL_TENANT);
    const user = await deps.users.idOf(tenant.id, 'local', query.userId);
    const after = BigInt(query.after ?? '0');
    const messages = user ? await deps.inbox.since(tenant.id, user, after) : [];
    const cursor = messages.at(-1)?.id ?? query.after ?? '0';
    return { status: 200, json: { messages, cursor } };
  });
}

function authorize(req: JsonRequest, token: string | undefined): void {
  if (!token) return;
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HypercareError('unauthorized', 'missing or wrong bearer token for the local channel');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new HypercareError('bad_request', [...new Set(problems)].join('; '));
}
