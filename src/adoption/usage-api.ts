/**
 * POST /api/usage: the customer's integration pushes usage of the rolled-out
 * system, authenticated with a per-tenant API key.
 *
 *   Authorization: Bearer hc_…
 *   {"events":[{"user":"li.na@example.com","action":"login","module":"finance","at":"2025-03-01T09:30:00+08:00"}, …]}
 *   → 200 {"accepted": n}
 *   → 400 {"error":{"code":"bad_request","message":…,"problems":[{"index":3,"message":…}, …]}}: nothing was written
 *   → 401 without a key, or with an unknown or revoked one; 413 over 5 MB
 *
 * Mounted as a raw handler because its body limit (5 MB) is above the
 * server's default for chat traffic; the key is checked before the body is read.
 */
import type http from 'node:http';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { HypercareError } from '../bot/core/errors.js';
import { readJson, send, type HttpServer } from '../http/server.js';
import { authenticateApiKey } from './api-keys.js';
import { ingestUsage, MAX_USAGE_EVENTS_PER_BATCH } from './usage.js';

export const USAGE_API_PATH = '/api/usage';
export const USAGE_BODY_LIMIT = 5 * 1024 * 1024;

export interface UsageApiDeps {
  db: Db;
  now?: () => Date;
}

const body = z.object(
  {
  events: z
    .array(z.unknown(), { message: 'events must be an array' })
    .max(MAX_USAGE_EVENTS_PER_BATCH, `at most ${MAX_USAGE_EVENTS_PER_BATCH} events per request; split the batch`),
  },
  { message: 'the body must be a JSON object {"events":[…]}' },
);

export function registerUsageApi(server: HttpServer, deps: UsageApiDeps): void {
  server.mount(USAGE_API_PATH, (req, res) => handleUsage(req, res, deps));
}

async function handleUsage(req: http.IncomingMessage, res: http.ServerResponse, deps: UsageApiDeps): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== USAGE_API_PATH) {
    req.resume();
    return send(res, { status: 404, json: { error: { code: 'not_found', message: `no route for ${path}` } } });
  }
  if (req.method !== 'POST') {
    req.resume();
    return send(res, { status: 405, headers: { allow: 'POST' }, json: { error: { code: 'bad_request', message: 'use POST' } } });
  }
  const now = deps.now?.() ?? new Date();
  const key = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const caller = key ? await authenticateApiKey(deps.db, key, now) : undefined;
  if (!caller) {
    req.resume();
    return send(res, {
      status: 401,
      headers: { 'www-authenticate': 'Bearer' },
      json: { error: { code: 'unauthorized', message: key ? 'unknown or revoked API key' : 'send Authorization: Bearer <API key>' } },
    });
  }
  // Over-limit and non-JSON bodies throw HypercareErrors that the server maps to 413, 415 and 400.
  const parsed = body.safeParse(await readJson(req, USAGE_BODY_LIMIT));
  if (!parsed.success) throw new HypercareError('bad_request', parsed.error.issues.map((i) => i.message).join('; '));
  const result = await ingestUsage(deps.db, caller.tenantId, parsed.data.events, { now: () => now });
  if (!result.ok) {
    const message = `${result.problems.length} problem(s); nothing was written`;
    return send(res, { status: 400, json: { error: { code: 'bad_request', message, problems: result.problems } } });
  }
  send(res, { status: 200, json: { accepted: result.accepted } });
}
