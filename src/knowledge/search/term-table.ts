/**
 * The index vocabulary: term string ↔ dense id, plus the caches that make
 * document analysis cheap (a non-Han word or Han character pair is looked up
 * once, then mapped straight to its id) and typo correction against the
 * words the documents actually use.
 */
import { classOf, HAN, normalizeText, SEPARATOR } from '../text/normalize.js';
import { latinTerm } from '../text/analyze.js';
import { ZH_PARTICLE_CHARS, ZH_STOP_CHARS } from '../text/stopwords.js';
import { ensureCapacity } from './growable.js';
import { IntMap } from './int-map.js';
import { WordTable } from './word-table.js';

const MIN_TYPO_LENGTH = 6;
const STOP_CHAR = 1;
const PARTICLE_CHAR = 2;
const hanCharFlags = new Uint8Array(65536);
for (const char of ZH_STOP_CHARS) hanCharFlags[char.charCodeAt(0)]! |= STOP_CHAR;
for (const char of ZH_PARTICLE_CHARS) hanCharFlags[char.charCodeAt(0)]! |= PARTICLE_CHAR;

export class TermTable {
  private readonly ids = new Map<string, number>();
  readonly terms: string[] = [];
  /** 1 when the term is Han text (its idf is computed among documents with Han text). */
  isHan = new Uint8Array(1024);
  /** Non-Han surface word → term id, or -1 for stop words. */
  private readonly surfaces = new WordTable();
  /** Han character or pair (first code << 16 | second code, 0 for a character) → term id. */
  private readonly hanKeys = new IntMap();
  /** Surface words in the order they were first seen, with their term ids (for the typo index). */
  private readonly surfaceLog: string[] = [];
  private readonly surfaceLogIds: number[] = [];
  /** One-deletion neighbourhood of surface words, built on the first typo lookup, extended after. */
  private deletions: Map<string, number[]> | undefined;
  private surfacesWithDeletions = 0;

  get size(): number {
    return this.terms.length;
  }

  idOf(term: string): number | undefined {
    return this.ids.get(term);
  }

  intern(term: string): number {
    const known = this.ids.get(term);
    if (known !== undefined) return known;
    const id = this.terms.length;
    this.ids.set(term, id);
    this.terms.push(term);
    this.isHan = ensureCapacity(this.isHan, id + 1);
    const code = term.charCodeAt(0);
    this.isHan[id] = code >= 0x3400 && code <= 0xfaff ? 1 : 0;
    return id;
  }

  /** Visits the id of every index term of a text, in order (same terms as text/indexTerms). */
  forEachTermId(text: string, visit: (id: number) => void): void {
    const normalized = normalizeText(text);
    const n = normalized.length;
    let i = 0;
    while (i < n) {
      const kind = classOf(normalized.charCodeAt(i));
      if (kind === SEPARATOR) {
        i++;
        continue;
      }
      let end = i + 1;
      while (end < n && classOf(normalized.charCodeAt(end)) === kind) end++;
      if (kind === HAN) this.visitHanRun(normalized, i, end, visit);
      else {
        const id = this.surfaceId(normalized, i, end);
        if (id >= 0) visit(id);
      }
      i = end;
    }
  }

  private surfaceId(text: string, start: number, end: number): number {
    let id = this.surfaces.get(text, start, end);
    if (id === undefined) {
      const word = text.slice(start, end);
      const term = latinTerm(word);
      id = term === undefined ? -1 : this.intern(term);
      this.surfaces.set(word, id);
      if (id >= 0) {
        this.surfaceLog.push(word);
        this.surfaceLogIds.push(id);
      }
    }
    return id;
  }

  private visitHanRun(text: string, start: number, end: number, visit: (id: number) => void): void {
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      const flags = hanCharFlags[code]!;
      if ((flags & STOP_CHAR) === 0) visit(this.hanId(code, 0));
      if (i + 1 < end && (flags & PARTICLE_CHAR) === 0) {
        const next = text.charCodeAt(i + 1);
        if ((hanCharFlags[next]! & PARTICLE_CHAR) === 0) visit(this.hanId(code, next));
      }
    }
  }

  /** Id of a Han character (second = 0) or character pair, keyed by char codes. */
  private hanId(first: number, second: number): number {
    const key = ((first << 16) | second) >>> 0;
    let id = this.hanKeys.get(key);
    if (id < 0) {
      id = this.intern(second === 0 ? String.fromCharCode(first) : String.fromCharCode(first, second));
      this.hanKeys.set(key, id);
    }
    return id;
  }

  /**
   * Term ids of document words one edit (insertion, deletion, substitution or
   * transposition) away from `surface`, for words of 6+ letters (shorter
   * words have too many real neighbours: leads/reads). `isLive` filters out
   * words no live document uses any more.
   */
  correctTypo(surface: string, isLive: (id: number) => boolean): number[] {
    if (surface.length < MIN_TYPO_LENGTH || /[^a-z]/.test(surface)) return [];
    const deletions = this.deletionIndex();
    const candidates = new Set<number>();
    const consider = (ids: readonly number[] | undefined): void => {
      for (const id of ids ?? []) candidates.add(id);
    };
    consider(deletions.get(surface)); // the user left a letter out
    for (const shorter of deletionsOf(surface)) {
      const id = this.surfaces.get(shorter, 0, shorter.length); // the user typed an extra letter
      if (id !== undefined && id >= 0) candidates.add(id);
      consider(deletions.get(shorter)); // substitution or transposition
    }
    return [...candidates].filter((id) => isLive(id) && this.hasSurfaceWithinOneEdit(id, surface));
  }

  private readonly surfacesOfTerm = new Map<number, string[]>();

  private hasSurfaceWithinOneEdit(id: number, surface: string): boolean {
    return (this.surfacesOfTerm.get(id) ?? []).some((word) => withinOneEdit(word, surface));
  }

  private deletionIndex(): Map<string, number[]> {
    this.deletions ??= new Map();
    for (; this.surfacesWithDeletions < this.surfaceLog.length; this.surfacesWithDeletions++) {
      const word = this.surfaceLog[this.surfacesWithDeletions]!;
      const id = this.surfaceLogIds[this.surfacesWithDeletions]!;
      if (word.length < MIN_TYPO_LENGTH - 1 || /[^a-z]/.test(word)) continue;
      const words = this.surfacesOfTerm.get(id) ?? [];
      words.push(word);
      this.surfacesOfTerm.set(id, words);
      for (const shorter of deletionsOf(word)) {
        const ids = this.deletions.get(shorter);
        if (ids === undefined) this.deletions.set(shorter, [id]);
        else if (!ids.includes(id)) ids.push(id);
      }
    }
    return this.deletions;
  }
}

function deletionsOf(word: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < word.length; i++) result.push(word.slice(0, i) + word.slice(i + 1));
  return result;
}

/** Optimal-string-alignment distance <= 1. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
