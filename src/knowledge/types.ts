/**
 * Shared vocabulary of the knowledge base: what an article version looks like
 * to the search index, who may see it, and what a search returns.
 * Nothing here knows about storage or chat platforms.
 */

/** Languages Hypercare answers in. Stored and compared as these exact tags. */
export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** Roles a user can have in a tenant. */
export const ROLES = ['end_user', 'champion', 'engineer', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who an article is written for. `all` is everyone; the others restrict it.
 * Engineers and admins see every article (they support the others).
 */
export const AUDIENCES = ['all', 'admin', 'manager', 'engineer', 'champion'] as const;
export type Audience = (typeof AUDIENCES)[number];

export function canSee(role: Role, audience: readonly Audience[]): boolean {
  if (role === 'admin' || role === 'engineer') return true;
  if (audience.length === 0 || audience.includes('all')) return true;
  return audience.includes(role as Audience);
}

/** What every language version of an article carries, wherever it is. */
export interface ArticleVersionContent {
  /** The article's path without language folder and extension, e.g. `leave--request` or `hr/leave--request`. */
  slug: string;
  lang: Lang;
  title: string;
  /** Markdown body without front matter. */
  body: string;
  tags: string[];
  audience: Audience[];
  /** Questions this version answers besides its title: learned from "Yes, this helped", or a CSV row's question. */
  alternates: string[];
}

/** One language version of an article, as the search index receives it. */
export interface IndexDocument extends ArticleVersionContent {
  /** Stable id of the article (all language versions share it). */
  articleId: string;
}

export interface SearchOptions {
  /** The asker's language: versions in it are preferred. */
  lang?: Lang;
  /** The asker's role: articles they may not see are never returned. Defaults to end_user. */
  role?: Role;
  /** How many articles to return (one hit per article). Default 5. */
  limit?: number;
}

export interface SearchHit {
  articleId: string;
  slug: string;
  /** Language of the version chosen for this hit. */
  lang: Lang;
  title: string;
  /** The best passage of that version for the question, plain Markdown, at most ~600 chars. */
  passage: string;
  /** Raw ranking score (comparable within one search only). */
  score: number;
  /** 0..1: how sure the index is that this article answers the question. */
  confidence: number;
}

/** One language version of an article as read from a knowledge file (before storage). */
export interface ParsedArticleVersion extends ArticleVersionContent {
  owner?: string;
  /** Date by which the owner should review the article (UTC midnight). */
  reviewBy?: Date;
  /** Front-matter keys Hypercare does not interpret (`source`, `licence`, …), kept as written. */
  meta: Record<string, unknown>;
  /** The file it came from, relative to the import root, with `/` separators. */
  sourcePath: string;
  /** 1-based line where it starts in that file (a CSV row's line; 1 for Markdown). */
  sourceLine?: number;
}

/** Something wrong with a knowledge file, precise enough for its author to fix it. */
export interface ImportProblem {
  /** The file, as the import root was given plus the relative path. */
  path: string;
  /** 1-based line in that file (1 for problems with the whole file). */
  line: number;
  message: string;
}
