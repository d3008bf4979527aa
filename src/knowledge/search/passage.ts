/**
 * The passage of an article version that best answers a question: a window
 * of consecutive sentences/paragraphs (at most ~600 characters, cut at
 * sentence boundaries, Markdown kept as written) covering the most of the
 * question; and how much of the question one span holds (proximity, a
 * confidence signal).
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

export const MAX_PASSAGE_CHARS = 600;
const MAX_WINDOW_UNITS = 6;
const MAX_TERMS = 64;
/** Enough occurrences to place a term; a character that occurs hundreds of times adds nothing. */
const MAX_MATCHES_PER_TERM = 48;

interface Unit {
  start: number;
  end: number;
  paragraph: number;
  lo: number;
  hi: number;
  hits: number;
}

interface PassageWindow {
  start: number;
  end: number;
}

/** The best passage of a body; `matches` may be passed when they were already found. */
export function bestPassage(
  body: string,
  terms: readonly PassageTerm[],
  matches: TermMatches = findMatches(body, terms),
  maxChars = MAX_PASSAGE_CHARS,
): string {
  const window = bestWindow(body, terms, matches, maxChars);
  return window === undefined ? '' : clipPassage(body.slice(window.start, window.end).trim(), maxChars);
}

function bestWindow(body: string, terms: readonly PassageTerm[], matches: TermMatches, maxChars: number): PassageWindow | undefined {
  const units = splitUnits(body, maxChars);
  if (units.length === 0) return undefined;
  markMatches(units, terms, matches);
  const weigh = groupWeigher(terms);
  let best = { from: firstContentUnit(body, units), to: -1, score: 0 };
  best.to = best.from;
  for (let from = 0; from < units.length; from++) {
    if (units[from]!.hits === 0) continue; // a best window starts with a matching unit
    let lo = 0;
    let hi = 0;
    let hits = 0;
    for (let to = from; to < units.length && to - from < MAX_WINDOW_UNITS; to++) {
      const unit = units[to]!;
      const length = unit.end - units[from]!.start;
      if (length > maxChars && to > from) break;
      lo |= unit.lo;
      hi |= unit.hi;
      hits += unit.hits;
      const covered = weigh(lo, hi);
      const score = covered + 0.1 * Math.min(hits, 3 * covered);
      const better = score > best.score + 1e-9;
      if (better) best = { from, to, score };
    }
  }
  best.to = withContinuation(body, units, best.from, best.to, maxChars);
  const from = withHeadingBefore(body, units, best.from, best.to, maxChars);
  return { start: units[from]!.start, end: units[best.to]!.end };
}

/**
 * Proximity: the largest share of the question's weight that occurs within
 * any span of `span` characters (match positions only, no sentence splitting).
 */
export function proximityCoverage(
  text: string,
  terms: readonly PassageTerm[],
  matches: TermMatches = findMatches(text, terms),
  span = MAX_PASSAGE_CHARS,
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
function groupWeigher(terms: readonly PassageTerm[]): (lo: number, hi: number) => number {
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

/** Marks the units every occurrence of every term falls in. */
function markMatches(units: Unit[], terms: readonly PassageTerm[], matches: TermMatches): void {
  const { positions, owners } = matches;
  let unit = 0;
  for (let i = 0; i < positions.length; i++) {
    const at = positions[i]!;
    const index = owners[i]!;
    while (unit + 1 < units.length && units[unit + 1]!.start <= at) unit++;
    const target = units[unit]!;
    if (at >= target.end) continue; // between units (blank lines)
    if (index < 32) target.lo |= 1 << index;
    else target.hi |= 1 << (index - 32);
    target.hits += terms[index]!.weight;
  }
}

/** Paragraphs, with paragraphs longer than maxChars split into sentences. */
function splitUnits(body: string, maxChars: number): Unit[] {
  const units: Unit[] = [];
  const paragraphPattern = /[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*/g;
  let paragraph = 0;
  for (const match of body.matchAll(paragraphPattern)) {
    const text = match[0];
    if (text.trim() === '') continue;
    const start = match.index;
    if (text.length <= maxChars) {
      units.push({ start, end: start + text.length, paragraph, lo: 0, hi: 0, hits: 0 });
    } else {
      const sentencePattern = /[^.!?。！？；;]+(?:[.!?。！？；;]+["'”’)）]*\s*|$)/g;
      for (const sentence of text.matchAll(sentencePattern)) {
        if (sentence[0].trim() === '') continue;
        const from = start + sentence.index;
        units.push({ start: from, end: from + sentence[0].trimEnd().length, paragraph, lo: 0, hi: 0, hits: 0 });
      }
    }
    paragraph++;
  }
  return units;
}

/** Without any match, the passage starts after the article's own `# Title`. */
function firstContentUnit(body: string, units: readonly Unit[]): number {
  const first = units[0];
  if (first !== undefined && units.length > 1 && /^#\s/.test(body.slice(first.start, first.end))) return 1;
  return 0;
}

/**
 * Extends the window over what continues it: the rest of a split paragraph,
 * and the list or steps after a line that ends with a colon.
 */
function withContinuation(body: string, units: readonly Unit[], from: number, to: number, maxChars: number): number {
  let end = to;
  for (;;) {
    const next = units[end + 1];
    if (next === undefined || next.end - units[from]!.start > maxChars) return end;
    const last = units[end]!;
    const introducesList = /[:：]\s*$/.test(body.slice(last.start, last.end));
    const continuesListItem = introducesList || (/^\s*([-*+]|\d+[.)])\s/.test(body.slice(next.start, next.end)) && /^\s*([-*+]|\d+[.)])\s/.test(body.slice(last.start, last.end)));
    if (next.paragraph !== last.paragraph && !continuesListItem) return end;
    end++;
  }
}

/** Adds the section heading just before the window when it fits. */
function withHeadingBefore(body: string, units: readonly Unit[], from: number, to: number, maxChars: number): number {
  const previous = units[from - 1];
  const first = units[from]!;
  if (previous === undefined || previous.paragraph === first.paragraph) return from;
  const heading = body.slice(previous.start, previous.end);
  const isHeading = /^#{1,6}\s/.test(heading) || (heading.length <= 80 && !/[.。:：;；,，!?！？]$/.test(heading.trim()));
  if (!isHeading || units[to]!.end - previous.start > maxChars) return from;
  return from - 1;
}

/** Cuts a passage to maxChars at a sentence end (else a word boundary, with an ellipsis). */
function clipPassage(text: string, maxChars = MAX_PASSAGE_CHARS): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const sentenceEnd = Math.max(...['. ', '。', '! ', '? ', '！', '？', '\n'].map((mark) => cut.lastIndexOf(mark)));
  if (sentenceEnd > maxChars / 2) return cut.slice(0, sentenceEnd + 1).trim();
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trim()}…`;
}
