/**
 * BM25F scoring of one query against the postings, with reusable scratch
 * arrays (no per-posting allocation), followed by aggregation of language
 * versions into articles and selection of the best candidates.
 */
import { FIELD_COUNT } from './document-fields.js';
import type { BM25FParams, InvertedIndex } from './inverted-index.js';

/** A query term resolved against the vocabulary. */
export interface ResolvedTerm {
  id: number;
  /** Multiplies the term's frequency within its concept (1 for the word typed, less for synonyms). */
  factor: number;
  /** Bit position in the per-document match mask (0..63). */
  bit: number;
}

/** Alternative terms for one meaning: frequencies add up, then saturate once. */
export interface ResolvedConcept {
  /** Query weight × idf of the concept. */
  weight: number;
  terms: ResolvedTerm[];
}

export interface ArticleCandidate {
  article: number;
  score: number;
  /** Document slot per language (-1 when that version did not match or does not exist). */
  docs: [number, number];
  /** Raw BM25F score per language version. */
  docScores: [number, number];
  /** Query terms matched by either version (bits of ResolvedTerm.bit). */
  maskLo: number;
  maskHi: number;
}

export interface ScoreOptions {
  roleBit: number;
  /** 0 = en, 1 = zh-CN, -1 = no preference. */
  preferredLang: number;
  /** Weight of the other language version's score in the article score. */
  otherLangWeight: number;
  candidates: number;
}

export class QueryScorer {
  private acc = new Float64Array(1024);
  private termTf = new Float32Array(1024);
  private termTouched = new Int32Array(1024);
  private touched = new Int32Array(1024);
  private maskLo = new Uint32Array(1024);
  private maskHi = new Uint32Array(1024);
  private articleScore = new Float64Array(2048);
  private articleSeen = new Uint8Array(1024);
  private articleTouched = new Int32Array(1024);

  constructor(private readonly params: BM25FParams) {}

  score(index: InvertedIndex, concepts: readonly ResolvedConcept[], options: ScoreOptions): ArticleCandidate[] {
    this.ensureScratch(index.slots, index.articleIds.length);
    index.refreshNorms();
    const { k1, fieldWeights } = this.params;
    const { acc, termTf, termTouched, touched, maskLo, maskHi } = this;
    const visible = index.docVisible;
    const norms = index.fieldNorm;
    const roleBit = options.roleBit;
    let touchedCount = 0;

    for (const concept of concepts) {
      let termCount = 0;
      for (const term of concept.terms) {
        const mask = term.bit < 32 ? maskLo : maskHi;
        const bit = 1 << (term.bit & 31);
        for (let field = 0; field < FIELD_COUNT; field++) {
          const list = index.postings[field]![term.id];
          if (list === undefined) continue;
          const fieldWeight = fieldWeights[field]! * term.factor;
          if (fieldWeight <= 0) continue;
          termCount = accumulate(list.bytes, list.size, field, fieldWeight, visible, roleBit, norms, termTf, termTouched, termCount, mask, bit);
        }
      }
      const weight = concept.weight;
      for (let i = 0; i < termCount; i++) {
        const doc = termTouched[i]!;
        const tf = termTf[doc]!;
        termTf[doc] = 0;
        if (acc[doc] === 0) touched[touchedCount++] = doc;
        acc[doc]! += (weight * tf * (k1 + 1)) / (k1 + tf);
      }
    }
    return this.collectArticles(index, touchedCount, options);
  }

  /** Sums each article's language versions and keeps the best `options.candidates`. */
  private collectArticles(index: InvertedIndex, touchedCount: number, options: ScoreOptions): ArticleCandidate[] {
    const { acc, touched, maskLo, maskHi, articleScore, articleSeen, articleTouched } = this;
    let articleCount = 0;
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i]!;
      const article = index.docArticle[doc]!;
      if (articleSeen[article] === 0) {
        articleSeen[article] = 1;
        articleTouched[articleCount++] = article;
      }
      articleScore[article * 2 + index.docLang[doc]!] = acc[doc]!;
    }
    const preferred = options.preferredLang;
    const otherWeight = options.otherLangWeight;
    const heap = new TopK(options.candidates);
    for (let i = 0; i < articleCount; i++) {
      const article = articleTouched[i]!;
      const en = articleScore[article * 2]!;
      const zh = articleScore[article * 2 + 1]!;
      const score = preferred === 0 ? en + otherWeight * zh
        : preferred === 1 ? zh + otherWeight * en
        : Math.max(en, zh) + otherWeight * Math.min(en, zh);
      heap.offer(article, score);
    }
    const best: ArticleCandidate[] = [];
    for (const { id: article, score } of heap.sortedDescending()) {
      const en = articleScore[article * 2]!;
      const zh = articleScore[article * 2 + 1]!;
      const enDoc = en > 0 ? index.articleDocs[article * 2]! : -1;
      const zhDoc = zh > 0 ? index.articleDocs[article * 2 + 1]! : -1;
      best.push({
        article,
        score,
        docs: [enDoc, zhDoc],
        docScores: [en, zh],
        maskLo: (enDoc >= 0 ? maskLo[enDoc]! : 0) | (zhDoc >= 0 ? maskLo[zhDoc]! : 0),
        maskHi: (enDoc >= 0 ? maskHi[enDoc]! : 0) | (zhDoc >= 0 ? maskHi[zhDoc]! : 0),
      });
    }
    // Reset scratch for the next query.
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i]!;
      acc[doc] = 0;
      maskLo[doc] = 0;
      maskHi[doc] = 0;
    }
    for (let i = 0; i < articleCount; i++) {
      const article = articleTouched[i]!;
      articleSeen[article] = 0;
      articleScore[article * 2] = 0;
      articleScore[article * 2 + 1] = 0;
    }
    return best;
  }

  private ensureScratch(slots: number, articles: number): void {
    if (this.acc.length < slots) {
      const size = Math.max(slots, this.acc.length * 2);
      this.acc = new Float64Array(size);
      this.termTf = new Float32Array(size);
      this.termTouched = new Int32Array(size);
      this.touched = new Int32Array(size);
      this.maskLo = new Uint32Array(size);
      this.maskHi = new Uint32Array(size);
    }
    if (this.articleSeen.length < articles) {
      const size = Math.max(articles, this.articleSeen.length * 2);
      this.articleScore = new Float64Array(size * 2);
      this.articleSeen = new Uint8Array(size);
      this.articleTouched = new Int32Array(size);
    }
  }
}

/** The k highest-scoring ids: a min-heap in typed arrays (ties keep the first offered). */
class TopK {
  private readonly ids: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.ids = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  offer(id: number, score: number): void {
    if (this.size < this.k) {
      let at = this.size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (this.scores[parent]! <= score) break;
        this.ids[at] = this.ids[parent]!;
        this.scores[at] = this.scores[parent]!;
        at = parent;
      }
      this.ids[at] = id;
      this.scores[at] = score;
      return;
    }
    if (this.k === 0 || score <= this.scores[0]!) return;
    let at = 0;
    for (;;) {
      const left = at * 2 + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && this.scores[right]! < this.scores[left]! ? right : left;
      if (this.scores[child]! >= score) break;
      this.ids[at] = this.ids[child]!;
      this.scores[at] = this.scores[child]!;
      at = child;
    }
    this.ids[at] = id;
    this.scores[at] = score;
  }

  sortedDescending(): { id: number; score: number }[] {
    const items: { id: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) items.push({ id: this.ids[i]!, score: this.scores[i]! });
    return items.sort((a, b) => b.score - a.score || a.id - b.id);
  }
}

/**
 * Adds one field's postings of one term to the per-document term frequency
 * (weighted, length-normalised): the hot loop, kept small and monomorphic.
 * Returns the new count of documents in `touched`.
 */
function accumulate(
  bytes: Uint8Array,
  size: number,
  field: number,
  fieldWeight: number,
  visible: Uint8Array,
  roleBit: number,
  norms: Float32Array,
  termTf: Float32Array,
  touched: Int32Array,
  touchedCount: number,
  mask: Uint32Array,
  bit: number,
): number {
  let count = touchedCount;
  let pos = 0;
  let doc = -1;
  while (pos < size) {
    let byte = bytes[pos++]!;
    let delta = byte & 127;
    if (byte >= 128) {
      for (let shift = 7; byte >= 128; shift += 7) {
        byte = bytes[pos++]!;
        delta |= (byte & 127) << shift;
      }
    }
    doc += delta;
    byte = bytes[pos++]!;
    let tf = byte & 127;
    if (byte >= 128) {
      for (let shift = 7; byte >= 128; shift += 7) {
        byte = bytes[pos++]!;
        tf |= (byte & 127) << shift;
      }
    }
    if ((visible[doc]! & roleBit) === 0) continue;
    const current = termTf[doc]!;
    if (current === 0) touched[count++] = doc;
    termTf[doc] = current + fieldWeight * tf * norms[doc * FIELD_COUNT + field]!;
    mask[doc]! |= bit;
  }
  return count;
}
