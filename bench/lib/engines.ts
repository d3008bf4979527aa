/**
 * The engines the benchmark compares, behind one small interface: our
 * KnowledgeIndex, MiniSearch with an Intl.Segmenter tokenizer, and Orama with
 * its Mandarin tokenizer for Chinese. Every engine returns one hit per article
 * (its best-scoring language version) so the metrics compare like with like.
 */
import MiniSearch from 'minisearch';
import { create, insertMultiple, search as oramaSearch, type AnyOrama } from '@orama/orama';
import { createTokenizer as createMandarinTokenizer } from '@orama/tokenizers/mandarin';
import { KnowledgeIndex, type RankingOverrides } from '../../src/knowledge/search/index.js';
import type { IndexDocument, Lang } from '../../src/knowledge/types.js';

export interface Engine {
  name: string;
  build(docs: readonly IndexDocument[]): Promise<void>;
  search(query: string, lang: Lang, limit: number): Promise<{ slug: string }[]>;
}

export function ourEngine(name = 'Hypercare KnowledgeIndex', overrides: RankingOverrides = {}): Engine {
  let index = new KnowledgeIndex([], overrides);
  return {
    name,
    async build(docs) {
      index = new KnowledgeIndex(docs, overrides);
    },
    async search(query, lang, limit) {
      return index.search(query, { lang, limit });
    },
  };
}

const wordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** ICU word segmentation for both languages (Chinese words, English words). */
function segmenterTokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const segment of wordSegmenter.segment(text)) if (segment.isWordLike) tokens.push(segment.segment);
  return tokens;
}

interface StoredDoc {
  id: number;
  slug: string;
  lang: Lang;
  title: string;
  body: string;
}

/** Keeps the first (best) hit of each article. */
function oneHitPerArticle(slugs: readonly string[], limit: number): { slug: string }[] {
  const seen = new Set<string>();
  const hits: { slug: string }[] = [];
  for (const slug of slugs) {
    if (seen.has(slug)) continue;
    seen.add(slug);
    hits.push({ slug });
    if (hits.length === limit) break;
  }
  return hits;
}

export interface MiniSearchConfig {
  titleBoost: number;
  prefix: boolean;
  fuzzy: number;
}

export function miniSearchEngine(config: MiniSearchConfig): Engine {
  let mini: MiniSearch<StoredDoc> | undefined;
  return {
    name: `MiniSearch (Intl.Segmenter; title×${config.titleBoost}, prefix ${config.prefix ? 'on' : 'off'}, fuzzy ${config.fuzzy})`,
    async build(docs) {
      mini = new MiniSearch<StoredDoc>({
        fields: ['title', 'body'],
        storeFields: ['slug', 'lang'],
        tokenize: segmenterTokenize,
        processTerm: (term) => term.normalize('NFKC').toLowerCase(),
      });
      mini.addAll(docs.map((doc, id) => ({ id, slug: doc.slug, lang: doc.lang, title: doc.title, body: doc.body })));
    },
    async search(query, _lang, limit) {
      const results = mini?.search(query, {
        boost: { title: config.titleBoost },
        prefix: config.prefix ? (term) => term.length > 3 : false,
        fuzzy: config.fuzzy > 0 ? (term) => (term.length > 4 ? config.fuzzy : false) : false,
        combineWith: 'OR',
      }) ?? [];
      return oneHitPerArticle(results.map((result) => String(result.slug)), limit);
    },
  };
}

export interface OramaConfig {
  titleBoost: number;
  tolerance: number;
}

/**
 * Orama, one database per language: English with Orama's default tokenizer
 * and its English stemmer, Chinese with @orama/tokenizers/mandarin. A question
 * goes to the database of its language.
 */
export function oramaEngine(config: OramaConfig): Engine {
  const databases = new Map<Lang, AnyOrama>();
  return {
    name: `Orama (mandarin tokenizer for zh, English stemmer for en; title×${config.titleBoost}, tolerance ${config.tolerance})`,
    async build(docs) {
      databases.clear();
      const schema = { slug: 'string', title: 'string', body: 'string' } as const;
      databases.set('en', create({ schema, components: { tokenizer: { language: 'english', stemming: true } } }));
      databases.set('zh-CN', create({ schema, components: { tokenizer: createMandarinTokenizer() } }));
      for (const lang of ['en', 'zh-CN'] as const) {
        const rows = docs.filter((doc) => doc.lang === lang).map((doc) => ({ slug: doc.slug, title: doc.title, body: doc.body }));
        await insertMultiple(databases.get(lang)!, rows, 500);
      }
    },
    async search(query, lang, limit) {
      const database = databases.get(lang);
      if (database === undefined) return [];
      return searchOrama(database, query, config, limit);
    },
  };
}

/** The same query options for both Orama set-ups; over-fetch, then keep one hit per article. */
async function searchOrama(database: AnyOrama, query: string, config: OramaConfig, limit: number): Promise<{ slug: string }[]> {
  const results = await oramaSearch(database, {
    term: query,
    properties: ['title', 'body'],
    boost: { title: config.titleBoost },
    tolerance: config.tolerance,
    threshold: 1,
    limit: limit * 3,
  });
  return oneHitPerArticle(results.hits.map((hit) => String(hit.document.slug)), limit);
}

/** Orama with one database for both languages, all text through the Mandarin (ICU) tokenizer. */
export function oramaSingleEngine(config: OramaConfig): Engine {
  let database: AnyOrama | undefined;
  return {
    name: `Orama (one database, mandarin tokenizer; title×${config.titleBoost}, tolerance ${config.tolerance})`,
    async build(docs) {
      database = create({ schema: { slug: 'string', title: 'string', body: 'string' } as const, components: { tokenizer: createMandarinTokenizer() } });
      await insertMultiple(database, docs.map((doc) => ({ slug: doc.slug, title: doc.title, body: doc.body })), 500);
    },
    async search(query, _lang, limit) {
      if (database === undefined) return [];
      return searchOrama(database, query, config, limit);
    },
  };
}
