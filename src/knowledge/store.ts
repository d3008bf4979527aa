/**
 * Reads the knowledge base of one tenant out of PostgreSQL in the shape the
 * search index wants. Every query here is scoped by tenantId.
 */
import type { Db } from '../db/client.js';
import { AUDIENCES, type Audience, type IndexDocument, type Lang } from './types.js';

export async function loadIndexDocuments(db: Db, tenantId: string): Promise<IndexDocument[]> {
  const [versions, alternates] = await Promise.all([
    db.articleVersion.findMany({
      where: { tenantId, article: { tenantId, status: 'published' } },
      select: {
        lang: true,
        title: true,
        body: true,
        article: { select: { id: true, slug: true, tags: true, audience: true } },
      },
    }),
    db.alternateQuestion.findMany({
      where: { tenantId, article: { tenantId, status: 'published' } },
      select: { articleId: true, lang: true, text: true },
    }),
  ]);
  const alternatesByVersion = new Map<string, string[]>();
  for (const alt of alternates) {
    const key = `${alt.articleId}\n${alt.lang}`;
    const list = alternatesByVersion.get(key) ?? [];
    list.push(alt.text);
    alternatesByVersion.set(key, list);
  }
  return versions.flatMap((v): IndexDocument[] => {
    const lang = asLang(v.lang);
    if (!lang) return [];
    return [
      {
        articleId: v.article.id,
        slug: v.article.slug,
        lang,
        title: v.title,
        body: v.body,
        tags: v.article.tags,
        audience: v.article.audience.filter(isAudience),
        alternates: alternatesByVersion.get(`${v.article.id}\n${v.lang}`) ?? [],
      },
    ];
  });
}

export async function readKbRevision(db: Db, tenantId: string): Promise<number> {
  const row = await db.tenant.findUnique({ where: { id: tenantId }, select: { kbRevision: true } });
  return row?.kbRevision ?? 0;
}

export async function countArticles(db: Db, tenantId: string): Promise<number> {
  return db.article.count({ where: { tenantId } });
}

function asLang(value: string): Lang | undefined {
  return value === 'en' || value === 'zh-CN' ? value : undefined;
}

function isAudience(value: string): value is Audience {
  return (AUDIENCES as readonly string[]).includes(value);
}
