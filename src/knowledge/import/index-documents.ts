/**
 * Parsed article versions → search index documents, for evaluation, benchmarks
 * and tests that index a folder without a database. Articles are identified by
 * slug; like the store, an article's tags are the union of its versions' tags
 * and its audience is the strictest any version asks for.
 */
import type { Audience, IndexDocument, ParsedArticleVersion } from '../types.js';

export function toIndexDocuments(versions: readonly ParsedArticleVersion[]): IndexDocument[] {
  const bySlug = new Map<string, ParsedArticleVersion[]>();
  for (const version of versions) {
    const list = bySlug.get(version.slug) ?? [];
    list.push(version);
    bySlug.set(version.slug, list);
  }
  const docs: IndexDocument[] = [];
  for (const [slug, group] of bySlug) {
    const tags = [...new Set(group.flatMap((version) => version.tags))];
    const audience = strictestAudience(group.map((version) => version.audience));
    for (const version of group) {
      docs.push({
        articleId: slug,
        slug,
        lang: version.lang,
        title: version.title,
        body: version.body,
        tags,
        audience,
        alternates: [...version.alternates],
      });
    }
  }
  return docs;
}

function strictestAudience(audiences: Audience[][]): Audience[] {
  const restricted = audiences.filter((audience) => audience.length > 0 && !audience.includes('all'));
  if (restricted.length === 0) return ['all'];
  return [...new Set(restricted.flat())];
}
