/**
 * "Save as article": the engineer's answer plus the user's question become
 * a draft article in the question's language (owner: the engineer), and one
 * confirmation publishes it. Publishing also records the question as an
 * alternate phrasing and bumps the tenant's kbRevision, so every bot process
 * rebuilds its index and the next person asking the same thing gets the
 * answer from the bot. Writes happen in one transaction.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { Escalation } from '../generated/prisma/client.js';
import type { Lang } from '../knowledge/types.js';
import { normalizeQuestion } from '../knowledge/learning.js';
import { HypercareError } from '../bot/core/errors.js';
import { asLang } from './context.js';

const SLUG_PREFIX = 'escalation/';
const TITLE_MAX = 120;

export interface ArticleDraft {
  articleId: string;
  lang: Lang;
  title: string;
  body: string;
  status: 'draft' | 'published' | 'archived';
}

export function escalationOfArticleSlug(slug: string): string | null {
  return slug.startsWith(SLUG_PREFIX) ? slug.slice(SLUG_PREFIX.length) : null;
}

function titleOf(question: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  return oneLine.length > TITLE_MAX ? `${oneLine.slice(0, TITLE_MAX - 1)}…` : oneLine;
}

export class EscalationArticles {
  constructor(
    private readonly db: Db,
    /** Drop this process's cached index at once (other processes follow kbRevision). */
    private readonly invalidate: (tenantId: string) => void,
  ) {}

  /** Write (or refresh) the draft from the engineer's replies; null when no engineer has replied yet. */
  async draft(escalation: Escalation, engineer: { id: string; owner: string }): Promise<ArticleDraft | null> {
    const tenantId = escalation.tenantId;
    return this.db.$transaction(async (tx) => {
      const replies = await tx.escalationMessage.findMany({
        where: { escalationId: escalation.id, direction: 'to_user', escalation: { tenantId } },
        orderBy: { createdAt: 'asc' },
        select: { text: true },
      });
      if (replies.length === 0) return null;
      const question = await tx.question.findFirstOrThrow({ where: { id: escalation.questionId, tenantId } });
      const lang = asLang(question.lang) ?? 'en';
      const slug = `${SLUG_PREFIX}${escalation.id}`;
      const existing = await tx.article.findUnique({ where: { tenantId_slug: { tenantId, slug } } });
      const title = titleOf(question.text);
      const body = replies.map((r) => r.text).join('\n\n');
      if (existing && existing.status !== 'draft') {
        const version = await tx.articleVersion.findFirst({ where: { articleId: existing.id, tenantId, lang } });
        return { articleId: existing.id, lang, title: version?.title ?? title, body: version?.body ?? body, status: existing.status };
      }
      // The nearest article's tags carry the module, so routing and search keep working for the new one.
      const nearest = question.topArticleId ?? question.shownArticleIds[0];
      const tags = nearest ? ((await tx.article.findFirst({ where: { id: nearest, tenantId }, select: { tags: true } }))?.tags ?? []) : [];
      const article = existing ?? (await tx.article.create({ data: { tenantId, slug, status: 'draft', origin: 'escalation', owner: engineer.owner, tags } }));
      const contentHash = createHash('sha256').update(title).update('\n\0\n').update(body).digest('hex');
      await tx.articleVersion.upsert({
        where: { articleId_lang: { articleId: article.id, lang } },
        create: { tenantId, articleId: article.id, lang, title, body, contentHash },
        update: { title, body, contentHash },
      });
      if (existing) await tx.article.update({ where: { id: article.id }, data: { owner: engineer.owner } });
      return { articleId: article.id, lang, title, body, status: 'draft' };
    });
  }

  /** The escalation an article was saved from, for checking who may publish it. */
  async escalationOf(articleId: string): Promise<{ escalationId: string; tenantId: string } | null> {
    const article = await this.db.article.findUnique({ where: { id: articleId }, select: { slug: true, tenantId: true, origin: true } });
    const escalationId = article && article.origin === 'escalation' ? escalationOfArticleSlug(article.slug) : null;
    return escalationId && article ? { escalationId, tenantId: article.tenantId } : null;
  }

  /** Publish the draft and teach it the question; 'already' when it was published before. */
  async publish(escalation: Escalation, articleId: string): Promise<{ outcome: 'published' | 'already'; title: string }> {
    const tenantId = escalation.tenantId;
    const result = await this.db.$transaction(async (tx) => {
      const article = await tx.article.findFirst({ where: { id: articleId, tenantId, slug: `${SLUG_PREFIX}${escalation.id}` } });
      if (!article) throw new HypercareError('not_found', `no draft article ${articleId} for this escalation`);
      const question = await tx.question.findFirstOrThrow({ where: { id: escalation.questionId, tenantId } });
      const version = await tx.articleVersion.findFirst({ where: { articleId, tenantId }, orderBy: { createdAt: 'asc' } });
      const title = version?.title ?? titleOf(question.text);
      const { count } = await tx.article.updateMany({ where: { id: articleId, tenantId, status: 'draft' }, data: { status: 'published' } });
      if (count === 0) return { outcome: 'already' as const, title };
      const normalized = normalizeQuestion(question.text);
      if (normalized) {
        await tx.alternateQuestion.upsert({
          where: { articleId_lang_normalized: { articleId, lang: question.lang, normalized } },
          create: { tenantId, articleId, lang: question.lang, text: question.text, normalized, source: 'escalation' },
          update: { count: { increment: 1 } },
        });
      }
      await tx.tenant.update({ where: { id: tenantId }, data: { kbRevision: { increment: 1 } } });
      return { outcome: 'published' as const, title };
    });
    if (result.outcome === 'published') this.invalidate(tenantId);
    return result;
  }
}
