/**
 * Turning text into index terms. Three kinds of terms share one vocabulary:
 * - English (and other non-Han) words: NFKC + lower case, stop words removed, Porter-stemmed;
 * - Han character bigrams (two Han characters), robust to gaps in any word dictionary;
 * - Han unigrams (one Han character), a low-weight fallback for one-character words.
 * Documents are indexed with bigrams + unigrams only; queries additionally go
 * through Intl.Segmenter so that bigrams inside real words weigh more than
 * bigrams that straddle two words (see query.ts).
 */
import { forEachRun, normalizeText } from './normalize.js';
import { stemEnglish } from './stem.js';
import { EN_STOP_WORDS, ZH_PARTICLE_CHARS, ZH_STOP_CHARS } from './stopwords.js';

/** The index term of one non-Han word, or undefined for stop words and single letters. */
export function latinTerm(word: string): string | undefined {
  if (word.length === 1 && !isDigit(word.charCodeAt(0))) return undefined;
  if (EN_STOP_WORDS.has(word)) return undefined;
  return stemEnglish(word);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Whether a two-character Han string is worth indexing (no particle like 的/了). */
export function isIndexableBigram(bigram: string): boolean {
  return !ZH_PARTICLE_CHARS.has(bigram[0] ?? '') && !ZH_PARTICLE_CHARS.has(bigram[1] ?? '');
}

export function isIndexableUnigram(char: string): boolean {
  return !ZH_STOP_CHARS.has(char);
}

/** Visits the index terms of a Han run: every unigram and bigram worth indexing. */
export function forEachHanTerm(run: string, visit: (term: string) => void): void {
  const n = run.length;
  for (let i = 0; i < n; i++) {
    const char = run[i] as string;
    if (!ZH_STOP_CHARS.has(char)) visit(char);
    if (i + 1 < n) {
      const next = run[i + 1] as string;
      if (!ZH_PARTICLE_CHARS.has(char) && !ZH_PARTICLE_CHARS.has(next)) visit(char + next);
    }
  }
}

/** All index terms of a text, in order, with repeats (for tests and tools). */
export function indexTerms(text: string): string[] {
  const terms: string[] = [];
  forEachRun(normalizeText(text), (run, han) => {
    if (han) forEachHanTerm(run, (term) => terms.push(term));
    else {
      const term = latinTerm(run);
      if (term !== undefined) terms.push(term);
    }
  });
  return terms;
}
