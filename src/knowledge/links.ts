/**
 * Links to full articles. Articles are internal knowledge, so the page that
 * shows one only opens with a signature made from the app secret: a link
 * from a bot answer works, a guessed URL does not.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Lang } from './types.js';

export class ArticleLinks {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  url(tenantId: string, slug: string, lang: Lang): string {
    const sig = this.sign(tenantId, slug);
    const path = `/kb/${encodeURIComponent(tenantId)}/${slug.split('/').map(encodeURIComponent).join('/')}`;
    return `${this.baseUrl}${path}?lang=${encodeURIComponent(lang)}&sig=${sig}`;
  }

  verify(tenantId: string, slug: string, sig: string): boolean {
    const expected = Buffer.from(this.sign(tenantId, slug));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(tenantId: string, slug: string): string {
    return createHmac('sha256', this.secret).update(`article\n${tenantId}\n${slug}`).digest('base64url').slice(0, 32);
  }
}
