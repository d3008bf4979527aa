/**
 * POST /slack/events: Events API, slash commands and interactivity on one URL.
 * Order matters: size cap (413 before reading more), signature over the raw
 * bytes (401), then parsing, then the ack. A handler bug never becomes a 5xx,
 * which Slack would retry.
 */
import type http from 'node:http';
import type { Logger } from '../../log.js';
import { readBody, send, type RawHandler } from '../../http/server.js';
import { HypercareError } from '../core/errors.js';
import { verifySlackSignature } from './verify.js';
import type { InboundKind, SlackInbound } from './inbound.js';

export interface ReceiverOptions {
  signingSecret: string;
  inbound: SlackInbound;
  log: Logger;
  now: () => number;
  bodyLimit: number;
}

/** Slack's own payloads stay far below this; anything bigger is not from Slack. */
export const SLACK_BODY_LIMIT = 256 * 1024;

export function slackEventsHandler(options: ReceiverOptions): RawHandler {
  const { log } = options;
  return async (req, res) => {
    if (req.method !== 'POST') return send(res, { status: 405, headers: { allow: 'POST' }, json: { error: 'use POST' } });
    let raw: Buffer;
    try {
      raw = await readBody(req, options.bodyLimit);
    } catch (err) {
      const status = err instanceof HypercareError && typeof err.details?.status === 'number' ? err.details.status : 400;
      return send(res, { status, json: { error: (err as Error).message } });
    }
    const verdict = verifySlackSignature({
      signingSecret: options.signingSecret,
      body: raw,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      nowMs: options.now(),
    });
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason }, 'refused a Slack request that failed verification');
      return send(res, { status: 401, json: { error: 'invalid signature' } });
    }
    const parsed = parseBody(raw, header(req, 'content-type') ?? '');
    if (!parsed) return send(res, { status: 400, json: { error: 'unreadable body' } });
    if (parsed.kind === 'url_verification') return send(res, { status: 200, json: { challenge: parsed.challenge } });
    if (parsed.kind === 'ssl_check') return send(res, { status: 200 });
    const retry = header(req, 'x-slack-retry-num');
    let ack;
    try {
      ack = options.inbound.accept(parsed.kind, parsed.payload, { retryNum: retry ? Number(retry) : undefined, retryReason: header(req, 'x-slack-retry-reason') });
    } catch (err) {
      log.error({ err }, 'Slack request handling failed; acknowledged anyway so Slack does not retry it');
    }
    send(res, ack ? { status: 200, json: ack } : { status: 200 });
  };
}

type Parsed =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'ssl_check' }
  | { kind: InboundKind; payload: unknown };

function parseBody(raw: Buffer, contentType: string): Parsed | undefined {
  const text = raw.toString('utf8');
  try {
    if (contentType.includes('application/json')) {
      const body = JSON.parse(text) as { type?: unknown; challenge?: unknown };
      if (body?.type === 'url_verification') return typeof body.challenge === 'string' ? { kind: 'url_verification', challenge: body.challenge } : undefined;
      return { kind: 'event', payload: body };
    }
    if (contentType.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(text);
      const payload = form.get('payload');
      if (payload !== null) return { kind: 'interaction', payload: JSON.parse(payload) };
      if (form.get('ssl_check') === '1') return { kind: 'ssl_check' };
      return { kind: 'command', payload: Object.fromEntries(form) };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
