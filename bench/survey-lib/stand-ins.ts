/**
 * Local stand-ins of the Slack Web API (chat.postMessage) and the Bot
 * Connector (POST /v3/conversations/{id}/activities), each enforcing an
 * allowed rate per workspace/tenant the way the platforms do: beyond it,
 * HTTP 429 with Retry-After. They count what they accepted per recipient,
 * so duplicates and losses can be read off afterwards.
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startChild } from '../../test/support/child.js';

export interface PlatformTally {
  accepted: number;
  rejected429: number;
  firstAt: number;
  lastAt: number;
  perRecipient: Map<string, number>;
}

/** GCRA with a small burst, as a platform's per-workspace limiter. */
class Gcra {
  private tat = 0;
  constructor(
    private readonly intervalMs: number,
    private readonly burst: number,
  ) {}
  take(now: number): boolean {
    const tat = Math.max(this.tat, now);
    if (tat - now > this.intervalMs * (this.burst - 1)) return false;
    this.tat = tat + this.intervalMs;
    return true;
  }
}

export class PlatformStandIns {
  readonly slack: PlatformTally = tally();
  readonly teams: PlatformTally = tally();
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private readonly limits: { slack: Gcra; teams: Gcra };
  private id = 0;
  url = '';

  constructor(readonly allowedPerSecond: number) {
    this.limits = { slack: new Gcra(1000 / allowedPerSecond, 5), teams: new Gcra(1000 / allowedPerSecond, 5) };
  }

  async start(): Promise<this> {
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const now = Date.now();
    if (path === '/api/chat.postMessage') {
      if (!this.limits.slack.take(now)) return void this.tooMany(res, this.slack, 'slack');
      const channel = (JSON.parse(body) as { channel: string }).channel;
      count(this.slack, channel, now);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, channel, ts: `${1_700_000_000 + this.id++}.000100` }));
      return;
    }
    const teams = /^\/v3\/conversations\/([^/]+)\/activities\/?$/.exec(path);
    if (teams && req.method === 'POST') {
      if (!this.limits.teams.take(now)) return void this.tooMany(res, this.teams, 'teams');
      count(this.teams, decodeURIComponent(teams[1]!), now);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `activity-${this.id++}` }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
  }

  private tooMany(res: http.ServerResponse, t: PlatformTally, platform: 'slack' | 'teams'): void {
    t.rejected429++;
    const body = platform === 'slack' ? { ok: false, error: 'ratelimited' } : { error: { code: 'TooManyRequests' } };
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify(body));
  }
}

function tally(): PlatformTally {
  return { accepted: 0, rejected429: 0, firstAt: 0, lastAt: 0, perRecipient: new Map() };
}

function count(t: PlatformTally, recipient: string, now: number): void {
  t.accepted++;
  if (t.firstAt === 0) t.firstAt = now;
  t.lastAt = now;
  t.perRecipient.set(recipient, (t.perRecipient.get(recipient) ?? 0) + 1);
}

type Counts = Pick<PlatformTally, 'accepted' | 'rejected429'>;
type WireTally = Omit<PlatformTally, 'perRecipient'> & { perRecipient: [string, number][] };
type FromChild = { type: 'ready'; url: string } | { type: 'counts'; slack: Counts; teams: Counts } | { type: 'tally'; slack: WireTally; teams: WireTally };

/** PlatformStandIns run in a child process (stand-ins-main.ts); counts arrive every 200 ms, the full tally on request. */
export class RemoteStandIns {
  slack: Counts = { accepted: 0, rejected429: 0 };
  teams: Counts = { accepted: 0, rejected429: 0 };
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: FromChild) => {
      if (message.type === 'counts') ({ slack: this.slack, teams: this.teams } = message);
    });
  }

  static async start(rate: number): Promise<RemoteStandIns> {
    const { child, ready } = await startChild<FromChild>(path.join(import.meta.dirname, 'stand-ins-main.ts'), { env: { ...process.env, RATE: String(rate) } });
    if (ready.type !== 'ready') throw new Error('stand-ins did not start');
    return new RemoteStandIns(child, ready.url);
  }

  tally(): Promise<{ slack: PlatformTally; teams: PlatformTally }> {
    return new Promise((resolve) => {
      const onMessage = (message: FromChild) => {
        if (message.type !== 'tally') return;
        this.child.off('message', onMessage);
        const local = (t: WireTally): PlatformTally => ({ ...t, perRecipient: new Map(t.perRecipient) });
        resolve({ slack: local(message.slack), teams: local(message.teams) });
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'tally' });
    });
  }

  close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    return exited;
  }
}
