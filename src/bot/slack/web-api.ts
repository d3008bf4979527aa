/**
 * The one way out to Slack: Web API calls (pointed at SlackConfig.apiUrl, so
 * tests and benchmarks use a local stand-in) and posts to response_urls.
 * A 429 is retried after the Retry-After Slack asks for, up to a cap; a
 * network failure or 5xx once more after a short pause; longer waits and
 * every other failure become a HypercareError (see errors.ts). Tokens travel
 * only in the Authorization header and never reach a log line or an error.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log.js';
import { HypercareError } from '../core/errors.js';
import { formBody, post, webApiResult, type ApiResult, type RawResponse } from './http-transport.js';

export type { ApiResult } from './http-transport.js';

export interface SlackApiOptions {
  apiUrl: string;
  log: Logger;
  /** A Retry-After longer than this is not waited for: the caller (or its job) retries later. */
  maxRetryAfterSec?: number;
  maxRateLimitRetries?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
}

/** Pause before the one retry of a request that got no answer or a 5xx. */
const TRANSIENT_RETRY_MS = 250;

/**
 * Methods Slack documents as accepting a JSON body: cheaper to encode than
 * form fields for a message full of blocks. Every other method gets form
 * fields, which every method accepts.
 */
const JSON_METHODS = /^(chat\.(postMessage|postEphemeral|update)|views\.(publish|open|update|push))$/;

export class SlackApi {
  private readonly log: Logger;
  private readonly base: URL;
  private readonly urls = new Map<string, URL>();

  constructor(private readonly options: SlackApiOptions) {
    this.log = options.log.child({ component: 'slack-web-api' });
    this.base = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
  }

  /**
   * Call a Web API method with a bot token. `paced`: the caller paces its
   * calls with a limiter shared by all workers, so a 429 is handed back at
   * once (a retry here would go around that limiter).
   */
  async call(token: string, method: string, args: Record<string, unknown> = {}, options: { paced?: boolean } = {}): Promise<ApiResult> {
    const url = this.urlOf(method);
    const json = JSON_METHODS.test(method);
    const body = json ? JSON.stringify(args) : formBody(args);
    const headers = { 'content-type': json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` };
    const maxRetries = options.paced ? 0 : (this.options.maxRateLimitRetries ?? 3);
    for (let attempt = 0; ; attempt++) {
      try {
        return webApiResult(method, await this.send(url, body, headers, method));
      } catch (err) {
        const mapped = err as HypercareError;
        const wait = Number(mapped.details?.retryAfterSec ?? Number.NaN);
        if (mapped.code === 'rate_limited' && attempt < maxRetries && Number.isFinite(wait) && wait <= (this.options.maxRetryAfterSec ?? 30)) {
          this.log.warn({ method, retryAfterSec: wait, attempt: attempt + 1 }, 'Slack rate limit; waiting as Retry-After asks');
          await sleep(Math.max(wait, 0) * 1000);
          continue;
        }
        throw err;
      }
    }
  }

  /** Reply through a response_url from a slash command or button press (valid for 30 minutes, 5 uses). */
  async respond(responseUrl: string, body: Record<string, unknown>): Promise<void> {
    let url: URL;
    try {
      url = new URL(responseUrl);
    } catch {
      throw new HypercareError('bad_request', 'response_url is not a URL');
    }
    const res = await this.send(url, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8' }, 'response_url');
    if (res.status === 429) throw new HypercareError('rate_limited', 'response_url is rate limited', { retryAfterSec: Number(res.retryAfter ?? 1) });
    if (res.status !== 200) throw new HypercareError('platform_error', `response_url answered HTTP ${res.status}`, { httpStatus: res.status });
    // Slack answers "ok" as text, or JSON {ok:false,error} when the URL expired.
    if (res.body.startsWith('{') && (JSON.parse(res.body) as { ok?: boolean }).ok === false) {
      throw new HypercareError('platform_error', `response_url refused the message: ${res.body.slice(0, 200)}`);
    }
  }

  private urlOf(method: string): URL {
    let url = this.urls.get(method);
    if (!url) {
      if (!/^[a-zA-Z]+(\.[a-zA-Z]+)+$/.test(method)) throw new HypercareError('bad_request', `"${method}" is not a Slack Web API method name`);
      url = new URL(method, this.base);
      this.urls.set(method, url);
    }
    return url;
  }

  /** One request, tried a second time when it got no answer or a 5xx (both may be passing). */
  private async send(url: URL, body: string, headers: Record<string, string>, what: string): Promise<RawResponse> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    for (let attempt = 0; ; attempt++) {
      let res: RawResponse | undefined;
      let failure: unknown;
      try {
        res = await post(url, body, headers, timeoutMs);
      } catch (err) {
        failure = err;
      }
      if (res && res.status < 500) return res;
      if (attempt >= 1) {
        if (res) return res;
        throw new HypercareError('platform_error', `Slack ${what} could not be reached: ${(failure as Error).message}`, { method: what }, { cause: failure });
      }
      this.log.warn({ method: what, status: res?.status, err: res ? undefined : (failure as Error).message }, 'Slack request failed; trying once more');
      await sleep(TRANSIENT_RETRY_MS);
    }
  }
}
