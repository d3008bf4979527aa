/**
 * Writes a folder of knowledge files into a tenant's knowledge base.
 * All or nothing: every file is parsed first and any problem (with its path
 * and line) aborts the run before a single row is written; the writes then
 * happen in one transaction and bump the tenant's kbRevision, which every
 * bot process watches to rebuild its index.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import { normalizeQuestion } from './learning.js';
import { readKnowledgeFolder } from './import/read-folder.js';
import type { ImportProblem, ParsedArticleVersion } from './import/read-folder.js';
import type { Audience } from './types.js';

export interface ImportOptions {
  /** Where the articles came from: "import", "demo". */
  origin?: string;
  onProgress?: (phase: 'read' | 'write', done: number, total: number) => void;
}

export interface ImportSummary {
  articles: number;
  created: number;
  updated: number;
  unchanged: number;
  alternates: number;
}

export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; problems: ImportProblem[] };

/** Long imports run in one transaction; give it room (Prisma's default is 5 s). */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

export async function importKnowledge(db: Db, tenantId: string, root: string, options: ImportOptions = {}): Promise<ImportResult> {
  const { versions, errors } = await readKnowledgeFolder(root, {
    onProgress: (done, total) => options.onProgress?.('read', done, total),
  });
  if (errors.length > 0) return { ok: false, problems: errors };
  if (versions.length === 0) {
    return { ok: false, problems: [{ path: root, line: 0, message: 'no knowledge files (.md, .markdown, .csv) found' }] };
  }
  const summary = await db.$transaction((tx) => writeArticles(tx as Db, tenantId, versions, options), {
    timeout: TRANSACTION_TIMEOUT_MS,
    maxWait: 30_000,
  });
  return { ok: true, summary };
}

interface ArticleDraft {
  slug: string;
  tags: string[];
  audience: Audience[];
  owner: string | null;
  reviewBy: Date | null;
  versions: ParsedArticleVersion[];
}

async function writeArticles(db: Db, tenantId: string, versions: ParsedArticleVersion[], options: ImportOptions): Promise<ImportSummary> {
  const drafts = groupBySlug(versions);
  const existing = await db.article.findMany({
    where: { tenantId, slug: { in: drafts.map((d) => d.slug) } },
    select: { id: true, slug: true, versions: { select: { lang: true, contentHash: true } } },
  });
  const bySlug = new Map(existing.map((a) => [a.slug, a]));

  const fresh = drafts.filter((d) => !bySlug.has(d.slug));
  const created = await db.article.createManyAndReturn({
    data: fresh.map((d) => ({ tenantId, slug: d.slug, ...articleFields(d), origin: options.origin ?? 'import' })),
    select: { id: true, slug: true },
  });
  const idBySlug = new Map<string, string>([...existing, ...created].map((a) => [a.slug, a.id]));

  const summary: ImportSummary = { articles: drafts.length, created: 0, updated: 0, unchanged: 0, alternates: 0 };
  const newVersions: Prisma.ArticleVersionCreateManyInput[] = [];
  let written = 0;
  for (const draft of drafts) {
    const articleId = idBySlug.get(draft.slug)!;
    const old = bySlug.get(draft.slug);
    if (old) await db.article.update({ where: { id: articleId }, data: { ...articleFields(draft), status: 'published' } });
    for (const v of draft.versions) {
      const contentHash = hashVersion(v);
      const previous = old?.versions.find((x) => x.lang === v.lang);
      if (previous?.contentHash === contentHash) {
        summary.unchanged++;
      } else if (previous) {
        await db.articleVersion.update({
          where: { articleId_lang: { articleId, lang: v.lang } },
          data: { title: v.title, body: v.body, contentHash, sourcePath: v.sourcePath },
        });
        summary.updated++;
      } else {
        newVersions.push({ tenantId, articleId, lang: v.lang, title: v.title, body: v.body, contentHash, sourcePath: v.sourcePath });
        summary.created++;
      }
    }
    options.onProgress?.('write', ++written, drafts.length);
  }
  await db.articleVersion.createMany({ data: newVersions });

  const alternates = drafts.flatMap((d) =>
    d.versions.flatMap((v) =>
      v.alternates.map((text) => ({ tenantId, articleId: idBySlug.get(d.slug)!, lang: v.lang, text, normalized: normalizeQuestion(text), source: 'import' })),
    ),
  );
  if (alternates.length > 0) {
    summary.alternates = (await db.alternateQuestion.createMany({ data: alternates, skipDuplicates: true })).count;
  }
  await db.tenant.update({ where: { id: tenantId }, data: { kbRevision: { increment: 1 } } });
  return summary;
}

function groupBySlug(versions: ParsedArticleVersion[]): ArticleDraft[] {
  const drafts = new Map<string, ArticleDraft>();
  for (const v of versions) {
    const draft = drafts.get(v.slug) ?? { slug: v.slug, tags: [], audience: [], owner: null, reviewBy: null, versions: [] };
    draft.versions.push(v);
    draft.tags = [...new Set([...draft.tags, ...v.tags])];
    draft.owner ??= v.owner ?? null;
    draft.reviewBy ??= v.reviewBy ?? null;
    drafts.set(v.slug, draft);
  }
  for (const draft of drafts.values()) draft.audience = mergeAudience(draft.versions.map((v) => v.audience));
  return [...drafts.values()];
}

/**
 * When language versions disagree on who may read an article, the stricter
 * one wins: an article is for everyone only if every version says so.
 */
function mergeAudience(audiences: Audience[][]): Audience[] {
  const restricted = audiences.filter((a) => a.length > 0 && !a.includes('all'));
  if (restricted.length === 0) return ['all'];
  return [...new Set(restricted.flat())];
}

function articleFields(d: ArticleDraft) {
  return { tags: d.tags, audience: d.audience, owner: d.owner, reviewBy: d.reviewBy };
}

function hashVersion(v: ParsedArticleVersion): string {
  return createHash('sha256').update(v.title).update('\n\0\n').update(v.body).digest('hex');
}
