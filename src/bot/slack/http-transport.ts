/**
 * HTTP to Slack over kept-alive connections: Web API methods (form-encoded,
 * as Slack documents for every method) and response_url posts (JSON).
 *
 * Why not @slack/web-api's WebClient: answering a question costs one
 * chat.postMessage, and through WebClient (its request queue, retry wrapper
 * and fetch) that call was ~30% of the CPU of the whole answer in
 * bench:slack. Slack's HTTP contract is small: 200 with {ok, error}, 429 with
 * Retry-After, anything else is a failure. This module speaks it directly;
 * web-api.ts decides about waiting and retrying.
 */
import http from 'node:http';
import https from 'node:https';
import { HypercareError } from '../core/errors.js';
import { codeForSlackError } from './errors.js';

export type ApiResult = Record<string, unknown> & { ok: boolean };

export interface RawResponse {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** POST `body` to `url`; resolves with the status and text of any HTTP answer, rejects only when there is none. */
export function post(url: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<RawResponse> {
  const agent = url.protocol === 'https:' ? agents['https:'] : url.protocol === 'http:' ? agents['http:'] : undefined;
  if (!agent) return Promise.reject(new HypercareError('bad_request', `Slack URL must be http(s), not ${url.protocol}`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'hypercare' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Web API arguments the way Slack documents them: form fields, objects and arrays as JSON text. */
export function formBody(args: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined || value === null) continue;
    form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form.toString();
}

/** A Web API answer as a result, or the HypercareError it means (rate_limited carries retryAfterSec). */
export function webApiResult(method: string, res: RawResponse): ApiResult {
  if (res.status === 429) {
    const retryAfterSec = Number(res.retryAfter ?? Number.NaN);
    return fail('rate_limited', `Slack ${method} is rate limited; retry after ${res.retryAfter ?? '?'} s`, { method, retryAfterSec });
  }
  if (res.status !== 200) return fail('platform_error', `Slack ${method} answered HTTP ${res.status}`, { method, httpStatus: res.status });
  let parsed: ApiResult;
  try {
    parsed = JSON.parse(res.body) as ApiResult;
  } catch {
    return fail('platform_error', `Slack ${method} answered something that is not JSON`, { method });
  }
  if (parsed.ok !== true) {
    const slackError = typeof parsed.error === 'string' ? parsed.error : 'unknown_error';
    // invalid_blocks and friends explain themselves here; no tokens are ever in it.
    const hints = (parsed.response_metadata as { messages?: unknown } | undefined)?.messages;
    const detail = Array.isArray(hints) && hints.length > 0 ? ` (${hints.slice(0, 3).join('; ')})` : '';
    return fail(codeForSlackError(slackError), `Slack ${method} failed: ${slackError}${detail}`, { method, slackError });
  }
  return parsed;
}

function fail(code: HypercareError['code'], message: string, details: Record<string, unknown>): never {
  throw new HypercareError(code, message, details);
}
