/**
 * The bot's one HTTP server: health checks, the local channel, article
 * pages, and (mounted by their adapters) Slack's and Teams' endpoints.
 * A deliberately small router over node:http: JSON routes get a size-capped,
 * parsed body; raw mounts get the untouched request (signature checks need
 * the exact bytes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import { HypercareError, errorCodeOf } from '../bot/core/errors.js';

export interface JsonRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (undefined for GET or an empty body). */
  body: unknown;
}

export interface Reply {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

export type JsonHandler = (req: JsonRequest) => Promise<Reply>;
export type RawHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

interface Route {
  method: string;
  path: string | RegExp;
  handler: JsonHandler;
}

/** Bodies above this are refused with 413 before any parsing. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export class HttpServer {
  private readonly routes: Route[] = [];
  private readonly mounts: { prefix: string; handler: RawHandler }[] = [];
  private readonly server: http.Server;

  constructor(
    private readonly log: Logger,
    private readonly bodyLimit = DEFAULT_BODY_LIMIT,
  ) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    // Slow-client guard: a request must arrive completely within this time.
    this.server.requestTimeout = 30_000;
    this.server.headersTimeout = 10_000;
  }

  route(method: string, path: string | RegExp, handler: JsonHandler): this {
    this.routes.push({ method, path, handler });
    return this;
  }

  /** Hand every request under `prefix` to a raw handler (platform SDK receivers). */
  mount(prefix: string, handler: RawHandler): this {
    this.mounts.push({ prefix, handler });
    return this;
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const mount = this.mounts.find((m) => url.pathname === m.prefix || url.pathname.startsWith(`${m.prefix}/`));
      if (mount) return await mount.handler(req, res);
      const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
      const candidates = this.routes.filter((r) => matches(r.path, url.pathname));
      const route = candidates.find((r) => r.method === method);
      if (!route) {
        if (candidates.length === 0) return send(res, { status: 404, json: { error: { code: 'not_found', message: `no route for ${url.pathname}` } } });
        const allowed = candidates.map((r) => r.method).join(', ');
        return send(res, { status: 405, headers: { allow: allowed }, json: { error: { code: 'bad_request', message: `method ${method} not allowed; use ${allowed}` } } });
      }
      const body = method === 'GET' ? undefined : await readJson(req, this.bodyLimit);
      send(res, await route.handler({ method, url, headers: req.headers, body }));
    } catch (err) {
      const status = statusFor(err);
      if (status >= 500) this.log.error({ err, path: url.pathname }, 'request failed');
      const message = status >= 500 ? 'internal error' : (err as Error).message;
      if (!res.headersSent) send(res, { status, json: { error: { code: errorCodeOf(err), message } } });
      else res.end();
    }
  }
}

function matches(path: string | RegExp, pathname: string): boolean {
  return typeof path === 'string' ? path === pathname : path.test(pathname);
}

function statusFor(err: unknown): number {
  if (err instanceof HypercareError) {
    if (err.details?.status && typeof err.details.status === 'number') return err.details.status;
    if (err.code === 'bad_request' || err.code === 'message_too_long') return 400;
    if (err.code === 'unauthorized') return 401;
    if (err.code === 'not_found') return 404;
    if (err.code === 'conflict') return 409;
    if (err.code === 'rate_limited') return 429;
    if (err.code === 'jobs_unavailable') return 503;
  }
  return 500;
}

export function send(res: http.ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  let payload = '';
  if (reply.html !== undefined) {
    headers['content-type'] = 'text/html; charset=utf-8';
    headers['content-security-policy'] ??= "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'";
    payload = reply.html;
  } else if (reply.json !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(reply.json);
  }
  headers['x-content-type-options'] = 'nosniff';
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Read the whole body up to `limit` bytes and parse it as JSON; 413 past the limit, 400 for bad JSON. */
export async function readJson(req: http.IncomingMessage, limit: number): Promise<unknown> {
  const raw = await readBody(req, limit);
  if (raw.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json')) {
    throw new HypercareError('bad_request', `expected Content-Type application/json, got "${type || 'none'}"`, { status: 415 });
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new HypercareError('bad_request', `body is not valid JSON: ${(err as Error).message}`);
  }
}

export async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw new HypercareError('bad_request', `body of ${declared} bytes is over the ${limit}-byte limit`, { status: 413 });
  }
  // Events rather than `for await`: the async iterator's promise per chunk was a visible share of an ack's CPU.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      reject(new HypercareError('bad_request', `body is over the ${limit}-byte limit`, { status: 413 }));
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
