/** Every request to /slack/events is verified before anything is parsed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackTestApp, type SlackTestApp } from './support/slack-app.js';
import { fixture, fixtureText } from './support/fake-slack.js';
import { postEvent, postSlack, TEST_SIGNING_SECRET } from './support/signed.js';
import { signSlackRequest, verifySlackSignature } from '../../src/bot/slack/verify.js';

const DOCS_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOCS_TIMESTAMP = 1531420618;
const DOCS_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('Slack request verification', () => {
  let t: SlackTestApp;
  let docs: SlackTestApp;
  let clockMs = Date.now();

  beforeAll(async () => {
    t = await startSlackTestApp({ adapter: { now: () => clockMs, bodyLimit: 64 * 1024 } });
    docs = await startSlackTestApp({ config: { signingSecret: DOCS_SECRET }, adapter: { now: () => DOCS_TIMESTAMP * 1000 + 5_000 } });
  });
  afterAll(async () => {
    await t?.close();
    await docs?.close();
  });

  it('accepts Slack\'s documented signing example (with the clock set to its time)', async () => {
    const body = fixtureText('slash_command_signed_docs_example.txt');
    expect(signSlackRequest(DOCS_SECRET, DOCS_TIMESTAMP, body)).toBe(DOCS_SIGNATURE);
    const res = await fetch(`${docs.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(DOCS_TIMESTAMP), 'x-slack-signature': DOCS_SIGNATURE },
      body,
    });
    expect(res.status).toBe(200);
    await docs.idle();
  });

  it('refuses the documented example at today\'s clock (replay)', () => {
    const body = Buffer.from(fixtureText('slash_command_signed_docs_example.txt'));
    const verdict = verifySlackSignature({ signingSecret: DOCS_SECRET, body, timestamp: String(DOCS_TIMESTAMP), signature: DOCS_SIGNATURE, nowMs: Date.now() });
    expect(verdict.ok).toBe(false);
  });

  it('answers url_verification with the challenge', async () => {
    const res = await postEvent(t.baseUrl, fixture('url_verification.json'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: fixture('url_verification.json').challenge });
  });

  it('refuses a tampered body, a wrong secret and missing headers with 401', async () => {
    const body = JSON.stringify(fixture('url_verification.json'));
    expect((await postSlack(t.baseUrl, body.replace('3eZ', '4eZ'), { signBody: body })).status).toBe(401);
    expect((await postSlack(t.baseUrl, body, { secret: 'not-the-secret' })).status).toBe(401);
    const bare = await fetch(`${t.baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(bare.status).toBe(401);
    const noSignature = await fetch(`${t.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(Math.floor(clockMs / 1000)) },
      body,
    });
    expect(noSignature.status).toBe(401);
  });

  it('refuses timestamps 301 s old or 301 s ahead, accepts 300 s', async () => {
    const body = JSON.stringify(fixture('url_verification.json'));
    const now = Math.floor(clockMs / 1000);
    expect((await postSlack(t.baseUrl, body, { timestampSec: now - 301 })).status).toBe(401);
    expect((await postSlack(t.baseUrl, body, { timestampSec: now + 301 })).status).toBe(401);
    expect((await postSlack(t.baseUrl, body, { timestampSec: now - 300 })).status).toBe(200);
    expect((await postSlack(t.baseUrl, body, { timestampSec: now + 300 })).status).toBe(200);
  });

  it('refuses an oversized body with 413 before reading or verifying it', async () => {
    const big = JSON.stringify({ type: 'event_callback', padding: 'x'.repeat(100 * 1024) });
    expect((await postSlack(t.baseUrl, big)).status).toBe(413);
  });

  it('refuses GET', async () => {
    expect((await fetch(`${t.baseUrl}/slack/events`)).status).toBe(405);
  });

  it('uses the secret it was configured with, not a default', () => {
    expect(TEST_SIGNING_SECRET).not.toBe(DOCS_SECRET);
  });
});
