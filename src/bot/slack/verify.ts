/**
 * Slack request signing (v0): HMAC-SHA256 of `v0:<timestamp>:<raw body>` with
 * the signing secret, compared in constant time, and a timestamp within five
 * minutes of now in either direction (replays and clock tricks).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_CLOCK_SKEW_SEC = 300;

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export function signSlackRequest(signingSecret: string, timestampSec: number | string, body: string | Buffer): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:`).update(body).digest('hex')}`;
}

export function verifySlackSignature(input: {
  signingSecret: string;
  body: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): VerifyResult {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing X-Slack-Request-Timestamp or X-Slack-Signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp is not a number of seconds' };
  const skew = Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SEC) return { ok: false, reason: `timestamp is ${skew} s away from now (max ${MAX_CLOCK_SKEW_SEC})` };
  const expected = Buffer.from(signSlackRequest(input.signingSecret, timestamp, input.body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
