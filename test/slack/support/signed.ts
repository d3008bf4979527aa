/** Signed requests to the bot's /slack/events, the way Slack sends them. */
import { signSlackRequest } from '../../../src/bot/slack/verify.js';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface SignedOptions {
  secret?: string;
  timestampSec?: number;
  contentType?: string;
  headers?: Record<string, string>;
  /** Sign this instead of the body actually sent (tampering). */
  signBody?: string;
}

export async function postSlack(baseUrl: string, body: string, options: SignedOptions = {}): Promise<{ status: number; text: string }> {
  const timestamp = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(options.secret ?? TEST_SIGNING_SECRET, timestamp, options.signBody ?? body),
      ...options.headers,
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

export function postEvent(baseUrl: string, envelope: unknown, options: SignedOptions = {}) {
  return postSlack(baseUrl, JSON.stringify(envelope), options);
}

export function postForm(baseUrl: string, fields: Record<string, string>, options: SignedOptions = {}) {
  return postSlack(baseUrl, new URLSearchParams(fields).toString(), { contentType: 'application/x-www-form-urlencoded', ...options });
}

/** Interactivity: form-encoded `payload=<json>`. */
export function postInteraction(baseUrl: string, payload: unknown, options: SignedOptions = {}) {
  return postForm(baseUrl, { payload: JSON.stringify(payload) }, options);
}
