/**
 * GET /digest-chart/<tenantId>/<recipientId>/<weekStart>.png?sig=…
 *
 * The digest's chart, drawn on request from the database. Slack's image
 * block and Teams' Image element both fetch a URL, so the chart is served
 * rather than uploaded; the URL is signed with the app secret, so it opens
 * only from a digest and never names a person. It shows department totals
 * only (no per-person data), the same picture the recipient was sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { HttpServer } from '../http/server.js';
import { HypercareError } from '../bot/core/errors.js';
import { renderAdoptionChart } from './digest-chart.js';
import { digestChart, digestRecipients } from './digest-data.js';
import { parseWeekStart } from './weeks.js';

export const DIGEST_CHART_PATH = '/digest-chart';

export class DigestChartLinks {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  url(tenantId: string, recipientId: string, weekStart: string): string {
    const path = `${DIGEST_CHART_PATH}/${encodeURIComponent(tenantId)}/${encodeURIComponent(recipientId)}/${weekStart}.png`;
    return `${this.baseUrl.replace(/\/$/, '')}${path}?sig=${this.sign(tenantId, recipientId, weekStart)}`;
  }

  verify(tenantId: string, recipientId: string, weekStart: string, sig: string): boolean {
    const expected = Buffer.from(this.sign(tenantId, recipientId, weekStart));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(tenantId: string, recipientId: string, weekStart: string): string {
    return createHmac('sha256', this.secret).update(`digest-chart\n${tenantId}\n${recipientId}\n${weekStart}`).digest('base64url').slice(0, 32);
  }
}

export function registerDigestChartRoute(server: HttpServer, deps: { db: Db; links: DigestChartLinks }): void {
  server.mount(DIGEST_CHART_PATH, async (req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/digest-chart\/([^/]+)\/([^/]+)\/(\d{4}-\d{2}-\d{2})\.png$/.exec(url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HypercareError('bad_request', 'use GET', { status: 405 });
    if (!match) throw new HypercareError('not_found', `no route for ${url.pathname}`);
    const [tenantId, recipientId] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
    const weekStart = match[3]!;
    if (!deps.links.verify(tenantId, recipientId, weekStart, url.searchParams.get('sig') ?? '')) {
      throw new HypercareError('unauthorized', 'this chart link is not valid; open it from a digest', { status: 403 });
    }
    parseWeekStart(weekStart);
    const recipient = (await digestRecipients(deps.db, tenantId)).find((r) => r.id === recipientId);
    if (!recipient) throw new HypercareError('not_found', 'this digest no longer has a recipient');
    const png = renderAdoptionChart(await digestChart(deps.db, tenantId, recipient, weekStart));
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length), 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : png);
  });
}
