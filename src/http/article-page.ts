/**
 * GET /kb/<tenantId>/<slug>?lang=…&sig=… — the full article behind an
 * answer's source link. Opens only with a valid signature (see
 * knowledge/links.ts) and only inside that tenant. The Markdown is escaped
 * first and then given a few safe tags (headings, bold, lists, paragraphs).
 */
import type { Db } from '../db/client.js';
import type { ArticleLinks } from '../knowledge/links.js';
import { HypercareError } from '../bot/core/errors.js';
import type { HttpServer } from './server.js';

export function registerArticlePage(server: HttpServer, db: Db, links: ArticleLinks): void {
  server.route('GET', /^\/kb\/[^/]+\/.+$/, async (req) => {
    const [, , tenantPart, ...slugParts] = req.url.pathname.split('/');
    const tenantId = decodeURIComponent(tenantPart ?? '');
    const slug = slugParts.map(decodeURIComponent).join('/');
    if (!links.verify(tenantId, slug, req.url.searchParams.get('sig') ?? '')) {
      throw new HypercareError('unauthorized', 'this article link is not valid; open it from a bot answer', { status: 403 });
    }
    const wanted = req.url.searchParams.get('lang') === 'zh-CN' ? 'zh-CN' : 'en';
    const versions = await db.articleVersion.findMany({
      where: { tenantId, article: { tenantId, slug, status: 'published' } },
      select: { lang: true, title: true, body: true, updatedAt: true },
    });
    const version = versions.find((v) => v.lang === wanted) ?? versions[0];
    if (!version) throw new HypercareError('not_found', 'this article no longer exists');
    return { status: 200, html: page(version.lang, version.title, version.body, version.updatedAt) };
  });
}

function page(lang: string, title: string, body: string, updatedAt: Date): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:760px;margin:24px auto;padding:0 16px;color:#1d1d1f}
footer{color:#777;font-size:13px;margin-top:32px}</style></head>
<body><article>${markdownToHtml(body)}</article><footer>${escapeHtml(updatedAt.toISOString().slice(0, 10))}</footer></body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Just enough Markdown for knowledge articles, applied after escaping so no HTML from the source survives. */
export function markdownToHtml(markdown: string): string {
  const inline = (s: string) =>
    escapeHtml(s)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*([^*]+)\*/g, '<em>$1</em>');
  const out: string[] = [];
  let list: 'ul' | 'ol' | undefined;
  const closeList = () => {
    if (list) out.push(`</${list}>`);
    list = undefined;
  };
  for (const block of markdown.split(/\n{2,}/)) {
    for (const line of block.split('\n')) {
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
      const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      if (heading) {
        closeList();
        const level = Math.min(heading[1]!.length + 1, 6);
        out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      } else if (bullet || numbered) {
        const kind = bullet ? 'ul' : 'ol';
        if (list !== kind) {
          closeList();
          out.push(`<${kind}>`);
          list = kind;
        }
        out.push(`<li>${inline((bullet ?? numbered)![1]!)}</li>`);
      } else if (line.trim()) {
        closeList();
        out.push(`<p>${inline(line)}</p>`);
      }
    }
    closeList();
  }
  return out.join('\n');
}
