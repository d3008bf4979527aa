/**
 * A local HTTP server speaking the Slack Web API's shapes (answers from the
 * api_*.json fixtures) plus response_url hooks, recording every call so tests
 * can assert what the bot posted. Queue a 429 or an error for a method to see
 * how the adapter copes.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
export const SLACK_FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures/slack');

const cache = new Map<string, string>();

export function fixtureText(name: string): string {
  let text = cache.get(name);
  if (text === undefined) cache.set(name, (text = readFileSync(path.join(SLACK_FIXTURES, name), 'utf8')));
  return text;
}

export function fixture<T = any>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

const parsed = new Map<string, any>();

/** A fixture parsed once, for answers built by spreading it (never mutated): bench:slack's Slack side answers thousands of posts. */
function sharedFixture(name: string): any {
  let value = parsed.get(name);
  if (value === undefined) parsed.set(name, (value = fixture(name)));
  return value;
}

export interface RecordedCall {
  method: string;
  /** Bearer token the call carried. */
  token?: string;
  args: Record<string, any>;
  /** How the arguments were encoded (Slack takes JSON only for some methods). */
  contentType: string;
}

type Scripted = { status: number; body: unknown; headers?: Record<string, string> };

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** The workspace's members for users.list (users.info answers from the fixture). */
  members: Record<string, unknown>[] = [];
  /** Called on every Web API call (benchmarks count posts without keeping them). */
  onCall?: (call: RecordedCall) => void;
  /** Keep calls in `calls` (tests) or only report them to onCall (benchmarks). */
  record = true;
  readonly hooks: { path: string; body: any }[] = [];
  private readonly scripted = new Map<string, Scripted[]>();
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private ts = 1_700_000_000;
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url on this server. */
  hookUrl(name = 'commands/T/1/x'): string {
    return `${this.url}/hooks/${name}`;
  }

  /** The next calls of `method` answer with these, in order. */
  script(method: string, ...responses: Scripted[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...responses]);
  }

  rateLimitOnce(method: string): void {
    this.script(method, { status: 429, body: fixture('api_ratelimited.json'), headers: { 'retry-after': '1' } });
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.hooks.length = 0;
    this.scripted.clear();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    if (url.pathname.startsWith('/hooks/')) {
      this.hooks.push({ path: url.pathname, body: args });
      res.writeHead(200, { 'content-type': 'text/html' }).end('ok');
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const auth = req.headers.authorization;
    const call = { method, token: auth?.startsWith('Bearer ') ? auth.slice(7) : (args.token as string | undefined), args, contentType: req.headers['content-type'] ?? '' };
    if (this.record) this.calls.push(call);
    this.onCall?.(call);
    const next = this.scripted.get(method)?.shift();
    const reply = next ?? { status: 200, body: this.defaultBody(method, args) };
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers }).end(JSON.stringify(reply.body));
  }

  private defaultBody(method: string, args: Record<string, any>): unknown {
    switch (method) {
      case 'chat.postMessage': {
        const body = sharedFixture('api_chat.postMessage.json');
        const ts = `${this.ts++}.000100`;
        return { ...body, channel: args.channel, ts, message: { ...body.message, ts } };
      }
      case 'users.info': {
        const body = sharedFixture('api_users.info.json');
        return { ...body, user: { ...body.user, id: args.user } };
      }
      case 'conversations.open':
        return fixture('api_conversations.open.json');
      case 'users.list': {
        // Pages of `limit` members, continued by next_cursor, the way Slack paginates.
        const start = Number(args.cursor ?? 0);
        const limit = Number(args.limit ?? 100);
        const page = this.members.slice(start, start + limit);
        const next = start + limit < this.members.length ? String(start + limit) : '';
        return { ok: true, members: page, cache_ts: 0, response_metadata: { next_cursor: next } };
      }
      default:
        return { ok: true };
    }
  }
}

/** WebClient sends form fields (objects as JSON strings); response_urls get JSON. */
function parseArgs(raw: string, contentType: string): Record<string, any> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = (value.startsWith('[') || value.startsWith('{')) ? JSON.parse(value) : value;
  }
  return out;
}
