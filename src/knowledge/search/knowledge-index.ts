/**
 * The in-memory knowledge index: BM25F over title, slug, headings, tags,
 * learned alternate questions and body; one hit per article, preferring the
 * asker's language; audience filtering before ranking; the best passage and a
 * 0..1 confidence per hit.
 */
import { detectLanguage } from '../text/detect-language.js';
import { isHowToQuestion } from '../text/how-to.js';
import { analyzeQuery } from '../text/query.js';
import type { IndexDocument, Lang, SearchHit, SearchOptions } from '../types.js';
import { confidenceOf, type ConfidenceEvidence } from './confidence.js';
import { FIELDS, type FieldName } from './document-fields.js';
import { InvertedIndex, langIndex, roleBit } from './inverted-index.js';
import { bestPassage, findMatches, proximityCoverage, type TermMatches } from './passage.js';
import { coverageOf, planQuery, type QueryPlan } from './query-plan.js';
import { QueryScorer, type ArticleCandidate } from './query-scorer.js';

export interface RankingConfig {
  k1: number;
  fieldWeights: Record<FieldName, number>;
  /** BM25 length normalisation per field. */
  fieldB: Record<FieldName, number>;
  /** Weight of the other language version in an article's score (cross-language evidence). */
  otherLangWeight: number;
  /** Expand questions with the bilingual synonym lexicon. */
  synonyms: boolean;
  /** Match misspelt words to document words one edit away. */
  typoCorrection: boolean;
  typoWeight: number;
  /** Skip query concepts weighing less than this share of the strongest (speed; see query-plan.ts). */
  pruneBelow: number;
}

export const DEFAULT_RANKING: RankingConfig = {
  k1: 1.2,
  fieldWeights: { title: 4, slug: 2, headings: 2, tags: 3, alternates: 5, body: 1 },
  fieldB: { title: 0.3, slug: 0.3, headings: 0.5, tags: 0.3, alternates: 0.5, body: 0.75 },
  otherLangWeight: 0.5,
  synonyms: true,
  typoCorrection: true,
  typoWeight: 0.7,
  pruneBelow: 0.15,
};

export type RankingOverrides = Partial<Omit<RankingConfig, 'fieldWeights' | 'fieldB'>> & {
  fieldWeights?: Partial<Record<FieldName, number>>;
  fieldB?: Partial<Record<FieldName, number>>;
};

export function rankingConfig(overrides: RankingOverrides = {}): RankingConfig {
  return {
    ...DEFAULT_RANKING,
    ...overrides,
    fieldWeights: { ...DEFAULT_RANKING.fieldWeights, ...overrides.fieldWeights },
    fieldB: { ...DEFAULT_RANKING.fieldB, ...overrides.fieldB },
  };
}

export interface ExplainedHit extends SearchHit {
  evidence: ConfidenceEvidence;
}

export class KnowledgeIndex {
  readonly config: RankingConfig;
  private readonly index: InvertedIndex;
  private readonly scorer: QueryScorer;

  constructor(docs: readonly IndexDocument[] = [], overrides: RankingOverrides = {}) {
    this.config = rankingConfig(overrides);
    const params = {
      k1: this.config.k1,
      fieldWeights: FIELDS.map((field) => this.config.fieldWeights[field]),
      fieldB: FIELDS.map((field) => this.config.fieldB[field]),
    };
    this.index = new InvertedIndex(params);
    this.scorer = new QueryScorer(params);
    for (const doc of docs) this.index.add(doc);
  }

  /** Adds or replaces one language version of an article. */
  upsert(doc: IndexDocument): void {
    this.index.add(doc);
  }

  /** Removes one language version, or every version when lang is omitted. Returns whether anything was removed. */
  remove(articleId: string, lang?: Lang): boolean {
    if (lang !== undefined) return this.index.remove(articleId, lang);
    const en = this.index.remove(articleId, 'en');
    const zh = this.index.remove(articleId, 'zh-CN');
    return en || zh;
  }

  /** Live article versions and articles with at least one version. */
  get size(): { versions: number; articles: number } {
    let articles = 0;
    const docs = this.index.articleDocs;
    for (let a = 0; a < this.index.articleIds.length; a++) if (docs[a * 2]! >= 0 || docs[a * 2 + 1]! >= 0) articles++;
    return { versions: this.index.liveDocs, articles };
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return this.explain(query, options).map(({ evidence: _evidence, ...hit }) => hit);
  }

  /** search() plus the evidence behind each hit's confidence (for evaluation and debugging). */
  explain(query: string, options: SearchOptions = {}): ExplainedHit[] {
    const limit = Math.max(0, options.limit ?? 5);
    if (limit === 0 || this.index.liveDocs === 0) return [];
    const analyzed = analyzeQuery(query, { synonyms: this.config.synonyms });
    const plan = planQuery(this.index, analyzed, this.config);
    if (plan.termCount === 0) return [];
    const lang = options.lang ?? detectLanguage(query);
    const preferred = lang === undefined ? -1 : langIndex(lang);
    const askerBit = roleBit(options.role ?? 'end_user');
    const howTo = isHowToQuestion(query);
    const candidates = this.scorer.score(this.index, plan.concepts, {
      roleBit: askerBit,
      preferredLang: preferred,
      otherLangWeight: this.config.otherLangWeight,
      candidates: limit,
    });
    const hits = candidates.map((candidate) => {
      const { coverage, matchedMass } = coverageOf(plan, candidate.maskLo, candidate.maskHi);
      const slot = this.chosenSlot(candidate, preferred, askerBit);
      const doc = this.index.docs[slot] as IndexDocument;
      const matches = findMatches(doc.body, plan.passageTerms);
      const evidence: ConfidenceEvidence = {
        coverage,
        matchedMass,
        matchedWords: matchedMass / this.index.unseenIdfOverall(),
        proximity: this.proximity(candidate, plan, preferred, slot, matches),
      };
      return {
        articleId: doc.articleId,
        slug: doc.slug,
        lang: doc.lang,
        title: doc.title,
        passage: bestPassage(doc.body, plan.passageTerms, matches, { title: doc.title, howTo }),
        score: candidate.score,
        confidence: confidenceOf(evidence),
        evidence,
      };
    });
    return rankConsistent(hits);
  }

  /**
   * Share of the question found in one ~600-character span of the version
   * that weighs most in the article's score, or in its title or one of its
   * learned questions (a question matching one of those is answered in one place).
   * `matches` are those already found in the chosen version (slot).
   */
  private proximity(candidate: ArticleCandidate, plan: QueryPlan, preferred: number, slot: number, matches: TermMatches): number {
    const otherWeight = this.config.otherLangWeight;
    const en = candidate.docScores[0] * (preferred === 1 ? otherWeight : 1);
    const zh = candidate.docScores[1] * (preferred === 0 ? otherWeight : 1);
    const weightiest = candidate.docs[en >= zh ? 0 : 1];
    const doc = weightiest >= 0 ? this.index.docs[weightiest] : undefined;
    if (doc === undefined) return 0;
    const terms = plan.passageTerms;
    return Math.max(
      proximityCoverage(doc.body, terms, weightiest === slot ? matches : findMatches(doc.body, terms)),
      ...[doc.title, ...doc.alternates].map((text) => proximityCoverage(text, terms)),
    );
  }

  /**
   * The asker's language version when the article has one (and the asker may
   * see it), else the version that matched best.
   */
  private chosenSlot(candidate: ArticleCandidate, preferred: number, askerBit: number): number {
    const docs = this.index.articleDocs;
    const visibleSlot = (lang: number): number => {
      const slot = docs[candidate.article * 2 + lang]!;
      return slot >= 0 && (this.index.docVisible[slot]! & askerBit) !== 0 ? slot : -1;
    };
    if (preferred >= 0) {
      const own = visibleSlot(preferred);
      if (own >= 0) return own;
    }
    const better = candidate.docScores[0] >= candidate.docScores[1] ? 0 : 1;
    const slot = visibleSlot(better);
    return slot >= 0 ? slot : visibleSlot(1 - better);
  }
}

/**
 * Confidence consistent with rank. The ranking (BM25F) decides which article
 * answers; confidence measures how much of the question that article covers.
 * A lower-ranked hit can cover as much of the question as the first (every
 * leave article contains "cancel" and "leave") while matching it far more
 * weakly, so its own confidence says little about how related it is. Callers
 * answer with the first hit and list the next ones as related above a share
 * of the threshold, so a tail hit gets at most the first hit's confidence
 * scaled by its share of the first hit's score: it is never more certain
 * than the answer, and a hit with 60% of the answer's evidence is at most
 * 60% as certain. The first hit's confidence is unchanged.
 */
export function rankConsistent<T extends { score: number; confidence: number }>(hits: T[]): T[] {
  const top = hits[0];
  if (top === undefined || !(top.score > 0)) return hits;
  for (let i = 1; i < hits.length; i++) {
    const hit = hits[i] as T;
    const share = Math.max(0, Math.min(1, hit.score / top.score));
    hit.confidence = Math.min(hit.confidence, top.confidence * share);
  }
  return hits;
}

export function createSearchIndex(docs: readonly IndexDocument[]): KnowledgeIndex {
  return new KnowledgeIndex(docs);
}
