/**
 * Storage of the search index: per-field postings lists, document slots with
 * their field lengths, and article slots grouping the language versions.
 * Documents are appended to new slots; removal leaves a tombstone (visible to
 * no role) until enough accumulate to compact.
 */
import { canSee, LANGS, ROLES, type IndexDocument, type Lang } from '../types.js';
import { FIELD_COUNT, fieldTexts } from './document-fields.js';
import { ensureCapacity } from './growable.js';
import { PostingList } from './postings.js';
import { TermTable } from './term-table.js';

export interface BM25FParams {
  k1: number;
  /** Per field, FIELDS order. */
  fieldWeights: readonly number[];
  /** Length normalisation per field, FIELDS order. */
  fieldB: readonly number[];
}

export function langIndex(lang: Lang): number {
  return lang === 'en' ? 0 : 1;
}

export function roleBit(role: (typeof ROLES)[number]): number {
  return 1 << ROLES.indexOf(role);
}

export class InvertedIndex {
  readonly terms = new TermTable();
  /** postings[field][termId]. */
  readonly postings: (PostingList | undefined)[][] = Array.from({ length: FIELD_COUNT }, () => []);
  df = new Int32Array(1024);

  /** Slots in use (live or dead). */
  slots = 0;
  liveDocs = 0;
  docArticle = new Int32Array(256);
  docLang = new Uint8Array(256);
  /** Bit per role that may see the document; 0 for removed documents. */
  docVisible = new Uint8Array(256);
  docHasHan = new Uint8Array(256);
  fieldLength = new Float32Array(256 * FIELD_COUNT);
  /** 1 / (1 - b + b * length / average length), per slot and field. */
  fieldNorm = new Float32Array(256 * FIELD_COUNT);
  readonly docs: (IndexDocument | undefined)[] = [];

  readonly articleSlotOf = new Map<string, number>();
  readonly articleIds: string[] = [];
  /** Document slot of each article's version per language (-1: none). */
  articleDocs = new Int32Array(256).fill(-1);

  private readonly lengthSum = new Float64Array(LANGS.length * FIELD_COUNT);
  /**
   * Per language and field, documents where the field is not empty: the
   * average length of a sparse field (tags, learned questions) is taken over
   * the documents that have it, or having one would count as being long.
   */
  private readonly docsWithField = new Int32Array(LANGS.length * FIELD_COUNT);
  /** Live documents with Han text / with other text: the N of idf for each kind of term. */
  hanDocs = 0;
  latinDocs = 0;
  private normsStale = true;
  private tfScratch = new Int32Array(1024);
  private readonly touchedScratch: number[] = [];
  private seenEpoch = new Int32Array(1024);
  private epoch = 0;

  constructor(private readonly params: BM25FParams) {}

  add(doc: IndexDocument): void {
    const existing = this.articleDocs[this.articleSlot(doc.articleId) * 2 + langIndex(doc.lang)]!;
    if (existing >= 0) this.removeSlot(existing);
    const slot = this.slots++;
    this.growDocs(this.slots);
    const article = this.articleSlot(doc.articleId);
    const lang = langIndex(doc.lang);
    this.articleDocs[article * 2 + lang] = slot;
    this.docArticle[slot] = article;
    this.docLang[slot] = lang;
    this.docs[slot] = doc;
    let visible = 0;
    for (const role of ROLES) if (canSee(role, doc.audience)) visible |= roleBit(role);
    this.docVisible[slot] = visible;

    this.epoch++;
    let hasHan = false;
    let hasLatin = false;
    const texts = fieldTexts(doc);
    for (let field = 0; field < FIELD_COUNT; field++) {
      const length = this.countTerms(texts[field] ?? '');
      const touched = this.touchedScratch;
      this.fieldLength[slot * FIELD_COUNT + field] = length;
      this.lengthSum[lang * FIELD_COUNT + field]! += length;
      if (length > 0) this.docsWithField[lang * FIELD_COUNT + field]!++;
      const lists = this.postings[field]!;
      const { tfScratch, seenEpoch, epoch } = this;
      const isHan = this.terms.isHan;
      for (let k = 0; k < touched.length; k++) {
        const id = touched[k]!;
        const tf = tfScratch[id]!;
        tfScratch[id] = 0;
        let list = lists[id];
        if (list === undefined) lists[id] = list = new PostingList();
        list.append(slot, tf);
        if (seenEpoch[id] !== epoch) {
          seenEpoch[id] = epoch;
          this.df[id]!++;
          if (isHan[id]) hasHan = true;
          else hasLatin = true;
        }
      }
    }
    this.docHasHan[slot] = (hasHan ? 1 : 0) | (hasLatin ? 2 : 0);
    if (hasHan) this.hanDocs++;
    if (hasLatin) this.latinDocs++;
    this.liveDocs++;
    this.normsStale = true;
  }

  /** Removes one language version; returns whether it was there. */
  remove(articleId: string, lang: Lang): boolean {
    const article = this.articleSlotOf.get(articleId);
    if (article === undefined) return false;
    const slot = this.articleDocs[article * 2 + langIndex(lang)]!;
    if (slot < 0) return false;
    this.removeSlot(slot);
    return true;
  }

  private removeSlot(slot: number): void {
    const doc = this.docs[slot];
    if (doc === undefined) return;
    const lang = this.docLang[slot]!;
    this.epoch++;
    fieldTexts(doc).forEach((text, field) => {
      this.countTerms(text);
      for (const id of this.touchedScratch) {
        this.tfScratch[id] = 0;
        if (this.seenEpoch[id] !== this.epoch) {
          this.seenEpoch[id] = this.epoch;
          this.df[id]!--;
        }
      }
      const length = this.fieldLength[slot * FIELD_COUNT + field]!;
      this.lengthSum[lang * FIELD_COUNT + field]! -= length;
      if (length > 0) this.docsWithField[lang * FIELD_COUNT + field]!--;
    });
    const flags = this.docHasHan[slot]!;
    if (flags & 1) this.hanDocs--;
    if (flags & 2) this.latinDocs--;
    this.liveDocs--;
    this.docs[slot] = undefined;
    this.docVisible[slot] = 0;
    this.articleDocs[this.docArticle[slot]! * 2 + lang] = -1;
    this.normsStale = true;
    if (this.slots - this.liveDocs > Math.max(64, this.slots / 4)) this.compact();
  }

  /**
   * Counts term frequencies of a text into tfScratch, lists the distinct term
   * ids in touchedScratch, and returns the number of terms (the field length).
   */
  private countTerms(text: string): number {
    const touched = this.touchedScratch;
    touched.length = 0;
    let length = 0;
    this.terms.forEachTermId(text, (id) => {
      if (id >= this.tfScratch.length) this.growTermArrays(id + 1);
      if (this.tfScratch[id] === 0) touched.push(id);
      this.tfScratch[id]!++;
      length++;
    });
    // Keep the per-field postings arrays packed (no holes) as the vocabulary grows.
    const size = this.terms.size;
    for (const lists of this.postings) while (lists.length < size) lists.push(undefined);
    return length;
  }

  private growTermArrays(needed: number): void {
    this.tfScratch = ensureCapacity(this.tfScratch, needed);
    this.seenEpoch = ensureCapacity(this.seenEpoch, needed);
    this.df = ensureCapacity(this.df, needed);
  }

  private articleSlot(articleId: string): number {
    let slot = this.articleSlotOf.get(articleId);
    if (slot === undefined) {
      slot = this.articleIds.length;
      this.articleSlotOf.set(articleId, slot);
      this.articleIds.push(articleId);
      if (this.articleDocs.length < (slot + 1) * 2) {
        const grown = new Int32Array(Math.max(512, this.articleDocs.length * 2)).fill(-1);
        grown.set(this.articleDocs);
        this.articleDocs = grown;
      }
    }
    return slot;
  }

  private growDocs(needed: number): void {
    this.docArticle = ensureCapacity(this.docArticle, needed);
    this.docLang = ensureCapacity(this.docLang, needed);
    this.docVisible = ensureCapacity(this.docVisible, needed);
    this.docHasHan = ensureCapacity(this.docHasHan, needed);
    this.fieldLength = ensureCapacity(this.fieldLength, needed * FIELD_COUNT);
    this.fieldNorm = ensureCapacity(this.fieldNorm, needed * FIELD_COUNT);
  }

  /** idf of a term (BM25, never negative), among documents with the same kind of text. */
  idf(id: number): number {
    const df = this.df[id] ?? 0;
    const n = this.terms.isHan[id] ? this.hanDocs : this.latinDocs;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** idf of a term no document has: the ceiling for "the question needs something we lack". */
  unseenIdf(isHan: boolean): number {
    const n = isHan ? this.hanDocs : this.latinDocs;
    return Math.log(1 + (n + 0.5) / 0.5);
  }

  /** idf of a term no live document has, counting every document (the unit of "matched words"). */
  unseenIdfOverall(): number {
    return Math.log(1 + (this.liveDocs + 0.5) / 0.5);
  }

  /** Recomputes length normalisation after documents were added or removed. */
  refreshNorms(): void {
    if (!this.normsStale) return;
    const { fieldB } = this.params;
    for (let slot = 0; slot < this.slots; slot++) {
      const lang = this.docLang[slot]!;
      for (let field = 0; field < FIELD_COUNT; field++) {
        const count = Math.max(1, this.docsWithField[lang * FIELD_COUNT + field]!);
        const average = this.lengthSum[lang * FIELD_COUNT + field]! / count || 1;
        const b = fieldB[field] ?? 0.75;
        const length = this.fieldLength[slot * FIELD_COUNT + field]!;
        this.fieldNorm[slot * FIELD_COUNT + field] = 1 / (1 - b + (b * length) / average);
      }
    }
    this.normsStale = false;
  }

  /** Drops removed documents from every postings list and renumbers the slots. */
  compact(): void {
    const newSlotOf = new Int32Array(this.slots).fill(-1);
    let next = 0;
    for (let slot = 0; slot < this.slots; slot++) if (this.docs[slot] !== undefined) newSlotOf[slot] = next++;
    for (const lists of this.postings) for (const list of lists) list?.compact(newSlotOf);
    for (let slot = 0; slot < this.slots; slot++) {
      const target = newSlotOf[slot]!;
      if (target < 0 || target === slot) continue;
      this.docArticle[target] = this.docArticle[slot]!;
      this.docLang[target] = this.docLang[slot]!;
      this.docVisible[target] = this.docVisible[slot]!;
      this.docHasHan[target] = this.docHasHan[slot]!;
      this.fieldLength.copyWithin(target * FIELD_COUNT, slot * FIELD_COUNT, (slot + 1) * FIELD_COUNT);
      this.docs[target] = this.docs[slot];
      this.articleDocs[this.docArticle[target]! * 2 + this.docLang[target]!] = target;
    }
    this.docs.length = next;
    this.docVisible.fill(0, next);
    this.slots = next;
    this.normsStale = true;
  }
}
