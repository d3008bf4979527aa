/**
 * Where a question's terms occur in a text, and proximity: how much of the
 * question one span of text holds (a confidence signal).
 */
import { classOf, isHanCode, WORD } from '../text/normalize.js';

export interface PassageTerm {
  /** Index term: an English stem, a Han bigram or character. */
  term: string;
  /** Importance: query weight × idf, a synonym never more than the word typed. */
  weight: number;
  /** Alternatives (a word and its synonyms) share a group and count once. */
  group: number;
}

/** The span proximity looks at, in characters (about one passage). */
export const PROXIMITY_SPAN = 600;
export const MAX_TERMS = 64;
/** Enough occurrences to place a term; a character that occurs hundreds of times adds nothing. */
const MAX_MATCHES_PER_TERM = 48;

/**
 * Proximity: the largest share of the question's weight that occurs within
 * any span of `span` characters (match positions only, no sentence splitting).
 */
export function proximityCoverage(
  text: string,
  terms: readonly PassageTerm[],
  matches: TermMatches = findMatches(text, terms),
  span = PROXIMITY_SPAN,
): number {
  const count = Math.min(terms.length, MAX_TERMS);
  const groups = terms.slice(0, count).reduce((max, term) => Math.max(max, term.group + 1), 0);
  const groupTotal = new Float64Array(groups);
  for (let index = 0; index < count; index++) {
    const term = terms[index]!;
    groupTotal[term.group] = Math.max(groupTotal[term.group]!, term.weight);
  }
  let total = 0;
  for (const weight of groupTotal) total += weight;
  const { positions, owners } = matches;
  if (total <= 0 || positions.length === 0) return 0;

  // Sliding window over matches sorted by position; per term, how many of its matches are inside.
  const inside = new Int32Array(count);
  const weigh = groupWeigher(terms);
  let lo = 0;
  let hi = 0;
  let best = 0;
  let left = 0;
  for (let right = 0; right < positions.length; right++) {
    const entering = owners[right]!;
    if (inside[entering]!++ === 0) {
      if (entering < 32) lo |= 1 << entering;
      else hi |= 1 << (entering - 32);
    }
    while (positions[right]! - positions[left]! > span) {
      const leaving = owners[left]!;
      if (--inside[leaving]! === 0) {
        if (leaving < 32) lo &= ~(1 << leaving);
        else hi &= ~(1 << (leaving - 32));
      }
      left++;
    }
    best = Math.max(best, weigh(lo, hi));
  }
  return best / total;
}

/** Occurrences of the query terms in a text, sorted by position. */
export interface TermMatches {
  positions: Int32Array;
  /** Index into the terms of each occurrence. */
  owners: Int32Array;
}

/**
 * Finds the occurrences of each term (at most MAX_MATCHES_PER_TERM): Han
 * terms anywhere, stems at the start of a word, ignoring case.
 */
export function findMatches(text: string, terms: readonly PassageTerm[]): TermMatches {
  const lowered = text.toLowerCase();
  const haystack = lowered.length === text.length ? lowered : text; // positions must line up with the text
  const mayHaveHan = HAN_TEXT.test(text);
  const positions: number[] = [];
  const owners: number[] = [];
  const count = Math.min(terms.length, MAX_TERMS);
  for (let index = 0; index < count; index++) {
    const term = terms[index]!.term;
    const han = isHanCode(term.charCodeAt(0));
    if (han && !mayHaveHan) continue;
    // Porter turns a final y into i ("holiday" → "holidai"): match the shared prefix.
    const needle = !han && term.length > 3 && term.endsWith('i') ? term.slice(0, -1) : term;
    if (needle.length === 0) continue;
    let found = 0;
    for (let at = haystack.indexOf(needle); at >= 0 && found < MAX_MATCHES_PER_TERM; at = haystack.indexOf(needle, at + needle.length)) {
      if (!han && at > 0 && classOf(haystack.charCodeAt(at - 1)) === WORD) continue;
      positions.push(at);
      owners.push(index);
      found++;
    }
  }
  const order = positions.map((_, i) => i).sort((a, b) => positions[a]! - positions[b]!);
  return {
    positions: Int32Array.from(order, (i) => positions[i]!),
    owners: Int32Array.from(order, (i) => owners[i]!),
  };
}

const HAN_TEXT = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Weight of the groups matched by a term mask (each group counts its best term once). */
export function groupWeigher(terms: readonly PassageTerm[]): (lo: number, hi: number) => number {
  const count = Math.min(terms.length, MAX_TERMS);
  const groups = terms.slice(0, count).reduce((max, term) => Math.max(max, term.group + 1), 0);
  const best = new Float64Array(groups);
  // Windows grow one unit or match at a time and the mask often does not change: remember the last answer.
  let lastLo = 0;
  let lastHi = 0;
  let lastSum = 0;
  return (lo, hi) => {
    if (lo === lastLo && hi === lastHi) return lastSum;
    best.fill(0);
    for (let bit = 0; bit < count; bit++) {
      const set = bit < 32 ? (lo >>> bit) & 1 : (hi >>> (bit - 32)) & 1;
      if (!set) continue;
      const term = terms[bit]!;
      if (term.weight > best[term.group]!) best[term.group] = term.weight;
    }
    let sum = 0;
    for (const weight of best) sum += weight;
    lastLo = lo;
    lastHi = hi;
    lastSum = sum;
    return sum;
  };
}
