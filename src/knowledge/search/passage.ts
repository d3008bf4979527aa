/**
 * The passage of an article version that best answers a question: a window
 * of consecutive units (paragraphs, list items, sentences of a long
 * paragraph) within the width budget, covering the most of the question,
 * with Markdown kept as written. The article's title heading is never shown
 * (the bot shows the title), a passage never ends on a heading, and a
 * numbered step list answering a how-to question is kept whole when it fits.
 */
import { findMatches, groupWeigher, type PassageTerm, type TermMatches } from './passage-matches.js';
import { clipToWidth, dropTrailingHeadings, splitUnits, widthPrefix, type Unit } from './passage-units.js';

export { findMatches, proximityCoverage, type PassageTerm, type TermMatches } from './passage-matches.js';

/** Budget in display columns (a Han character is two): 600 English characters, about 300 Chinese ones. */
export const MAX_PASSAGE_CHARS = 600;
const MAX_WINDOW_UNITS = 12;

export interface PassageOptions {
  /** The article's title: a heading repeating it is left out. */
  title?: string;
  /** A how-to question: the numbered steps at or right after the best window are kept whole when they fit. */
  howTo?: boolean;
  /** Budget in display columns. */
  maxChars?: number;
}

interface Layout {
  body: string;
  units: Unit[];
  width: Int32Array;
  maxWidth: number;
  /** Units that repeat the title. */
  isTitle: boolean[];
}

/** The best passage of a body; `matches` may be passed when they were already found. */
export function bestPassage(
  body: string,
  terms: readonly PassageTerm[],
  matches: TermMatches = findMatches(body, terms),
  options: PassageOptions = {},
): string {
  const maxWidth = options.maxChars ?? MAX_PASSAGE_CHARS;
  const width = widthPrefix(body);
  const units = splitUnits(body, maxWidth, width);
  if (units.length === 0) return '';
  const titleKey = headingKey(options.title ?? '');
  const isTitle = units.map((unit, index) => {
    if (unit.kind !== 'heading') return false;
    const text = body.slice(unit.start, unit.end);
    return (index === 0 && /^#\s/.test(text)) || (titleKey !== '' && headingKey(text) === titleKey);
  });
  const layout: Layout = { body, units, width, maxWidth, isTitle };
  const window = bestWindow(layout, terms, matches, options.howTo === true);
  if (window === undefined) return '';
  return dropTrailingHeadings(clipToWidth(body.slice(units[window.from]!.start, units[window.to]!.end).trim(), maxWidth));
}

function headingKey(text: string): string {
  return text.replace(/^#+\s*/, '').replace(/[*_`]/g, '').trim().toLowerCase();
}

function fits(layout: Layout, from: number, to: number): boolean {
  const { units, width } = layout;
  return width[units[to]!.end]! - width[units[from]!.start]! <= layout.maxWidth;
}

function bestWindow(layout: Layout, terms: readonly PassageTerm[], matches: TermMatches, howTo: boolean): { from: number; to: number } | undefined {
  const { units, isTitle } = layout;
  markMatches(units, terms, matches);
  const weigh = groupWeigher(terms);
  const first = isTitle.findIndex((title) => !title);
  if (first < 0) return undefined;
  let best = { from: first, to: first, score: 0 };
  for (let from = 0; from < units.length; from++) {
    if (units[from]!.hits === 0 || isTitle[from]) continue; // a best window starts with a matching unit
    let lo = 0;
    let hi = 0;
    let hits = 0;
    let steps = false;
    for (let to = from; to < units.length && to - from < MAX_WINDOW_UNITS; to++) {
      if (isTitle[to] || (to > from && !fits(layout, from, to))) break;
      const unit = units[to]!;
      lo |= unit.lo;
      hi |= unit.hi;
      hits += unit.hits;
      steps ||= unit.kind === 'ordered';
      const covered = weigh(lo, hi);
      // A how-to question is answered by steps: they win over tips that merely repeat its words.
      const score = (covered + 0.1 * Math.min(hits, 3 * covered)) * (howTo && steps ? 1.25 : 1);
      if (score > best.score + 1e-9) best = { from, to, score };
    }
  }
  let { from, to } = best;
  if (howTo) ({ from, to } = withSteps(layout, from, to));
  to = withContinuation(layout, from, to);
  from = withHeadingBefore(layout, from, to);
  while (to > from && isHeadingLike(layout, to)) to--;
  // A heading alone says nothing: show what follows it.
  if (units[to]!.kind === 'heading' && to + 1 < units.length && !isTitle[to + 1]) to++;
  return { from, to };
}

/**
 * The numbered list overlapping the window or right after it (same section):
 * window and list together when they fit, else the whole list, else the
 * window and as many whole steps as fit.
 */
function withSteps(layout: Layout, from: number, to: number): { from: number; to: number } {
  const { units } = layout;
  let start = -1;
  for (let i = from; i <= to + 1 && i < units.length; i++) {
    if (units[i]!.kind === 'ordered' && units[i]!.section === units[to]!.section) {
      start = i;
      break;
    }
  }
  if (start < 0) return { from, to };
  while (start > 0 && units[start - 1]!.kind === 'ordered') start--;
  let end = start;
  while (end + 1 < units.length && units[end + 1]!.kind === 'ordered') end++;
  const lo = Math.min(from, start);
  const hi = Math.max(to, end);
  if (fits(layout, lo, hi)) return { from: lo, to: hi };
  if (fits(layout, start, end)) {
    const intro = start - 1;
    const introduces = intro >= 0 && /[:：]\s*$/.test(layout.body.slice(units[intro]!.start, units[intro]!.end));
    return { from: introduces && fits(layout, intro, end) ? intro : start, to: end };
  }
  if (from > start) return { from, to }; // inside a long list: keep the steps that match
  let last = to;
  for (let i = to + 1; i <= end && fits(layout, from, i); i++) {
    if (i === end || units[i + 1]!.group !== units[i]!.group) last = i; // whole steps only
  }
  return { from, to: last };
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

/**
 * Extends the window over what continues it: the rest of a split paragraph
 * or list item, and the list or steps after a line that ends with a colon.
 */
function withContinuation(layout: Layout, from: number, to: number): number {
  const { body, units } = layout;
  let end = to;
  for (;;) {
    const next = units[end + 1];
    if (next === undefined || !fits(layout, from, end + 1)) return end;
    const last = units[end]!;
    const introducesList = last.kind === 'text' && /[:：]\s*$/.test(body.slice(last.start, last.end));
    const listGoesOn = (next.kind === 'ordered' || next.kind === 'bullet') && (introducesList || next.kind === last.kind);
    if (next.group !== last.group && !listGoesOn) return end;
    end++;
  }
}

/** Adds the section heading just before the window when it fits (never the title). */
function withHeadingBefore(layout: Layout, from: number, to: number): number {
  const previous = layout.units[from - 1];
  if (previous === undefined || previous.group === layout.units[from]!.group || layout.isTitle[from - 1]) return from;
  if (!isHeadingLike(layout, from - 1) || !fits(layout, from - 1, to)) return from;
  return from - 1;
}

/** A Markdown heading, or a short line that reads as one ("**Pending (not yet approved)**"). */
function isHeadingLike(layout: Layout, index: number): boolean {
  const unit = layout.units[index]!;
  if (unit.kind === 'heading') return true;
  const text = layout.body.slice(unit.start, unit.end).trim();
  return unit.kind === 'text' && text.length <= 80 && !text.includes('\n') && !/[.。:：;；,，!?！？]$/.test(text);
}
