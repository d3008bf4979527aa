/** Full-article pages: signed links only, tenant-scoped, and escaped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('article pages', () => {
  it('opens from the link in an answer and shows the article', async () => {
    const [reply] = await t.ask('pia', '怎么请假？');
    const source = reply!.blocks.find((b) => b.kind === 'source');
    if (source?.kind !== 'source') throw new Error('no source block');
    const url = new URL(source.link.url);
    const res = await fetch(`${t.baseUrl}${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h2>如何请假</h2>');
    expect(html).toContain('<strong>');
  });

  it('refuses a link with a wrong signature or another tenant', async () => {
    const link = new URL(t.app.services.links.url(t.localTenantId, 'leave-request', 'en'));
    const forged = `${t.baseUrl}${link.pathname}?lang=en&sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    expect((await fetch(forged)).status).toBe(403);
    const otherTenant = link.pathname.replace(t.localTenantId, 'someone-else');
    expect((await fetch(`${t.baseUrl}${otherTenant}${link.search}`)).status).toBe(403);
  });

  it('escapes HTML in article text', async () => {
    const article = await t.db.prisma.article.create({
      data: { tenantId: t.localTenantId, slug: 'xss', tags: [], audience: ['all'] },
    });
    await t.db.prisma.articleVersion.create({
      data: { tenantId: t.localTenantId, articleId: article.id, lang: 'en', title: 'x', body: '# Hi <script>alert(1)</script>\n\n**<img src=x onerror=alert(1)>**', contentHash: 'x' },
    });
    const link = new URL(t.app.services.links.url(t.localTenantId, 'xss', 'en'));
    const html = await (await fetch(`${t.baseUrl}${link.pathname}${link.search}`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
