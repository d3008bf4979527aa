/**
 * POST /api/messages: the Bot Framework endpoint Teams posts activities to.
 * Body read with a size cap and validated; botbuilder authenticates the
 * token (401 without a valid one, before any Hypercare code runs); the turn
 * then decides (403 for a tenant outside the allow-list, nothing stored).
 * Answers 200, or the invoke response for card actions.
 */
import type http from 'node:http';
import type { Activity } from 'botbuilder';
import type { Logger } from '../../log.js';
import { readBody, send, type RawHandler } from '../../http/server.js';
import { HypercareError } from '../core/errors.js';
import { inboundActivity } from './activity.js';
import type { TeamsCloudAdapter } from './cloud-adapter.js';
import type { TeamsTurn, TurnOutcome } from './turn.js';

export const MESSAGES_PATH = '/api/messages';
/** Activities are small; cards and attachments are referenced, not inlined. */
const BODY_LIMIT = 256 * 1024;

export function messagesEndpoint(deps: { adapter: TeamsCloudAdapter; turn: TeamsTurn; log: Logger }): RawHandler {
  return async (req, res) => {
    if (req.method !== 'POST') return fail(res, 405, 'bad_request', 'use POST', { allow: 'POST' });
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, BODY_LIMIT)).toString('utf8'));
    } catch (err) {
      const status = err instanceof HypercareError && typeof err.details?.status === 'number' ? err.details.status : 400;
      return fail(res, status, 'bad_request', err instanceof HypercareError ? err.message : 'body is not valid JSON');
    }
    const parsed = inboundActivity.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'activity'}: ${i.message}`);
      return fail(res, 400, 'bad_request', `not a Bot Framework activity (${problems.slice(0, 5).join('; ')})`);
    }
    const activity = parsed.data;
    const log = deps.log.child({ activityType: activity.type, activityId: activity.id });

    // Set from inside the turn; an object, because TypeScript does not see writes from a callback.
    const turn: { started: boolean; outcome: TurnOutcome } = { started: false, outcome: 'ignored' };
    try {
      const invoke = await deps.adapter.handle(authorization(req), activity as unknown as Activity, async (ctx) => {
        turn.started = true;
        turn.outcome = await deps.turn.run(ctx, activity);
      });
      const { outcome } = turn;
      if (outcome === 'tenant_not_allowed') {
        log.warn({ tenant: activity.channelData?.tenant?.id }, 'refused an activity from a tenant outside TEAMS_ALLOWED_TENANTS');
        return fail(res, 403, 'unauthorized', 'this tenant may not use this bot');
      }
      if (outcome === 'no_tenant') return fail(res, 400, 'bad_request', 'activity names no Teams tenant');
      // Invokes nobody answered get 200 with an empty body rather than botbuilder's 501.
      if (invoke && invoke.status !== 501) return send(res, { status: invoke.status, json: invoke.body ?? undefined });
      return send(res, { status: 200 });
    } catch (err) {
      if (!turn.started) {
        const status = authenticationStatus(err);
        if (status === 401) {
          log.info({ reason: (err as Error).message }, 'refused an activity without a valid Bot Framework token');
          return fail(res, 401, 'unauthorized', 'missing or invalid Bot Framework token');
        }
      }
      log.error({ err }, 'Teams activity failed');
      return fail(res, 500, 'internal', 'internal error');
    }
  };
}

function authorization(req: http.IncomingMessage): string {
  const header = req.headers.authorization;
  return typeof header === 'string' ? header : '';
}

/** Errors thrown before the turn starts come from authentication: botbuilder's (statusCode) or jsonwebtoken's. */
function authenticationStatus(err: unknown): number {
  const e = err as { statusCode?: unknown; name?: unknown };
  if (typeof e?.statusCode === 'number') return e.statusCode;
  if (e?.name === 'JsonWebTokenError' || e?.name === 'TokenExpiredError' || e?.name === 'NotBeforeError') return 401;
  return 500;
}

function fail(res: http.ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>): void {
  send(res, { status, json: { error: { code, message } }, headers });
}
