/** Signed Slack events fired at an endpoint with fixed concurrency; ack latencies recorded. */
import { signSlackRequest } from '../../src/bot/slack/verify.js';

export interface LoadResult {
  events: number;
  ackMs: number[];
  /** First send to last ack. */
  ackedAfterMs: number;
}

export async function fireEvents(url: string, secret: string, bodies: string[], concurrency: number): Promise<LoadResult> {
  const ackMs: number[] = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const ts = Math.floor(Date.now() / 1000);
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(secret, ts, body) },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`endpoint answered ${res.status}`);
      ackMs.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { events: bodies.length, ackMs, ackedAfterMs: performance.now() - started };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const QUESTIONS = [
  'How do I submit an expense claim?',
  'How do I request leave?',
  '怎么请假？',
  'Where can I see the approval status of my expenses?',
  '报销单怎么提交？',
  'How do I reset my password?',
  'How do I export a report to Excel?',
  '审批状态在哪里看？',
];

/** Alternating app_mention (in channels, answered in the thread) and message.im events from `users` people. */
export function eventBodies(count: number, runId: number, users = 50): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const ts = `${1_800_000_000 + runId * 100_000 + i}.${String(i).padStart(6, '0')}`;
    const user = `UBENCH${String(i % users).padStart(4, '0')}`;
    const question = QUESTIONS[i % QUESTIONS.length]!;
    const mention = i % 2 === 0;
    const event = mention
      ? { type: 'app_mention', user, ts, text: `<@UBENCHBOT01> ${question}`, channel: 'CBENCH0001', event_ts: ts, team: 'TBENCH0001' }
      : { type: 'message', user, ts, text: question, channel: `DBENCH${String(i % users).padStart(4, '0')}`, channel_type: 'im', event_ts: ts, team: 'TBENCH0001' };
    out.push(
      JSON.stringify({
        token: 'x',
        team_id: 'TBENCH0001',
        api_app_id: 'ABENCH0001',
        event,
        type: 'event_callback',
        event_id: `EvB${runId}x${i}`,
        event_time: 1_800_000_000,
        authorizations: [{ enterprise_id: null, team_id: 'TBENCH0001', user_id: 'UBENCHBOT01', is_bot: true, is_enterprise_install: false }],
      }),
    );
  }
  return out;
}
