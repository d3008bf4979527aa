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
 *
 * Why undici's request rather than node:http: the same kept-alive POST costs
 * about half the client CPU (measured here: ~0.04 vs ~0.09 ms per call), and
 * that call is made once per answer. undici is Node's own HTTP client (it
 * runs fetch); request() skips fetch's web-stream layers.
 */
import { Agent, request } from 'undici';
import { HypercareError } from '../core/errors.js';
import { codeForSlackError } from './errors.js';

export type ApiResult = Record<string, unknown> & { ok: boolean };

export interface RawResponse {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** One connection pool per origin (Slack's API host, response_url hosts), kept alive between calls. */
const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 30_000 });

/** POST `body` to `url`; resolves with the status and text of any HTTP answer, rejects only when there is none. */
export async function post(url: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<RawResponse> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HypercareError('bad_request', `Slack URL must be http(s), not ${url.protocol}`);
  const res = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { ...headers, 'user-agent': 'hypercare' },
    body,
    // Both bound a silent server: no headers, or a body that stops arriving.
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const retryAfter = res.headers['retry-after'];
  return { status: res.statusCode, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, body: await res.body.text() };
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
