/**
 * The one way out to Slack: Web API calls through @slack/web-api clients (one
 * per token, all pointed at SlackConfig.apiUrl) and posts to response_urls.
 * A 429 is retried after the Retry-After Slack asks for, up to a cap; longer
 * waits and every other failure become a HypercareError (see errors.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LogLevel, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../log.js';
import { HypercareError } from '../core/errors.js';
import { toHypercareError } from './errors.js';

export interface SlackApiOptions {
  apiUrl: string;
  log: Logger;
  /** A Retry-After longer than this is not waited for: the caller (or its job) retries later. */
  maxRetryAfterSec?: number;
  maxRateLimitRetries?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
}

export type ApiResult = Record<string, unknown> & { ok: boolean };

export class SlackApi {
  private readonly clients = new Map<string, WebClient>();
  private readonly log: Logger;

  constructor(private readonly options: SlackApiOptions) {
    this.log = options.log.child({ component: 'slack-web-api' });
  }

  /** Call a Web API method with a bot token. */
  async call(token: string, method: string, args: Record<string, unknown> = {}): Promise<ApiResult> {
    const maxRetries = this.options.maxRateLimitRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.client(token).apiCall(method, args)) as ApiResult;
      } catch (err) {
        const mapped = toHypercareError(err, method);
        const wait = Number(mapped.details?.retryAfterSec ?? Number.NaN);
        if (mapped.code === 'rate_limited' && attempt < maxRetries && Number.isFinite(wait) && wait <= (this.options.maxRetryAfterSec ?? 30)) {
          this.log.warn({ method, retryAfterSec: wait, attempt: attempt + 1 }, 'Slack rate limit; waiting as Retry-After asks');
          await sleep(Math.max(wait, 0) * 1000);
          continue;
        }
        throw mapped;
      }
    }
  }

  /** Reply through a response_url from a slash command or button press (valid for 30 minutes, 5 uses). */
  async respond(responseUrl: string, body: Record<string, unknown>): Promise<void> {
    let res: Response;
    try {
      res = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new HypercareError('platform_error', `response_url could not be reached: ${(err as Error).message}`, {}, { cause: err });
    }
    const text = await res.text();
    if (res.status === 429) throw new HypercareError('rate_limited', 'response_url is rate limited', { retryAfterSec: Number(res.headers.get('retry-after') ?? 1) });
    if (res.status !== 200) throw new HypercareError('platform_error', `response_url answered HTTP ${res.status}`, { httpStatus: res.status });
    // Slack answers "ok" as text, or JSON {ok:false,error} when the URL expired.
    if (text.startsWith('{') && (JSON.parse(text) as { ok?: boolean }).ok === false) {
      throw new HypercareError('platform_error', `response_url refused the message: ${text.slice(0, 200)}`);
    }
  }

  private client(token: string): WebClient {
    let client = this.clients.get(token);
    if (!client) {
      client = new WebClient(token, {
        slackApiUrl: this.options.apiUrl,
        logger: slackSdkLogger(this.log),
        // We wait for Retry-After ourselves (above), with a cap; the SDK's own wait pauses every call on this token.
        rejectRateLimitedCalls: true,
        // One quick retry for network or 5xx failures; a failed reply is better than a 30-minute retry loop.
        retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 1_000 },
        timeout: this.options.timeoutMs ?? 10_000,
        allowAbsoluteUrls: false,
      });
      this.clients.set(token, client);
    }
    return client;
  }
}

/** The SDK's logger interface over ours (Web API, OAuth); its debug and info output (request bodies) is dropped. */
export function slackSdkLogger(log: Logger): SlackLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => log.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => log.error(msg.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
