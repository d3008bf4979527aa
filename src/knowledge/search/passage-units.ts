/**
 * An article body as the units a passage is made of: headings, list items and
 * paragraphs (one line or several), with units wider than the budget split
 * into sentences. Sentence ends skip abbreviations ("e.g.", "No.") and never
 * fall inside Markdown bold, code or a link, so a passage is never cut there.
 */
export type UnitKind = 'heading' | 'ordered' | 'bullet' | 'text';

export interface Unit {
  start: number;
  end: number;
  kind: UnitKind;
  /** Units split from one paragraph or list item share a group (a passage keeps them together). */
  group: number;
  /** Increases after every heading: a passage extends over a list only within its section. */
  section: number;
  lo: number;
  hi: number;
  hits: number;
}

/**
 * Display width: Han characters and full-width punctuation take two columns
 * in chat clients, and the same content takes about half as many characters
 * in Chinese as in English (2.0× on the demo knowledge base), so one budget
 * in columns treats both languages alike (600 columns ≈ 300 Han characters).
 */
export function widthPrefix(text: string): Int32Array {
  const prefix = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) prefix[i + 1] = prefix[i]! + (isWide(text.charCodeAt(i)) ? 2 : 1);
  return prefix;
}

function isWide(code: number): boolean {
  return (code >= 0x2e80 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60);
}

const HEADING = /^#{1,6}\s/;
const ORDERED = /^\s{0,3}\d{1,3}[.)]\s/;
const BULLET = /^\s*[-*+]\s/;

/** Headings, list items and paragraphs; units wider than maxWidth are split into sentences. */
export function splitUnits(body: string, maxWidth: number, width: Int32Array): Unit[] {
  const units: Unit[] = [];
  let section = 0;
  let open: Unit | undefined;
  const push = (start: number, end: number, kind: UnitKind): Unit => {
    const unit = { start, end, kind, group: units.length, section, lo: 0, hi: 0, hits: 0 };
    units.push(unit);
    return unit;
  };
  for (let start = 0; start < body.length; ) {
    const newline = body.indexOf('\n', start);
    const end = newline < 0 ? body.length : newline;
    const line = body.slice(start, end);
    const trimmedEnd = start + line.trimEnd().length;
    if (line.trim() === '') open = undefined;
    else if (HEADING.test(line)) {
      section++;
      push(start, trimmedEnd, 'heading');
      open = undefined;
    } else if (ORDERED.test(line) || BULLET.test(line)) open = push(start, trimmedEnd, ORDERED.test(line) ? 'ordered' : 'bullet');
    else if (open !== undefined) open.end = trimmedEnd; // the next line of a paragraph or list item
    else open = push(start, trimmedEnd, 'text');
    start = end + 1;
  }
  return units.flatMap((unit) => {
    if (width[unit.end]! - width[unit.start]! <= maxWidth || unit.kind === 'heading') return [unit];
    const text = body.slice(unit.start, unit.end);
    const parts: Unit[] = [];
    let from = 0;
    for (const cut of [...sentenceEnds(text), text.length]) {
      const piece = text.slice(from, cut);
      if (piece.trim() !== '') {
        const lead = piece.length - piece.trimStart().length;
        parts.push({ ...unit, start: unit.start + from + lead, end: unit.start + from + piece.trimEnd().length });
      }
      from = cut;
    }
    return parts;
  });
}

/** Words whose final period is not a sentence end. */
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'cf', 'al', 'approx', 'incl', 'excl', 'esp', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr',
  'no', 'nos', 'nr', 'ref', 'tel', 'ext', 'fig', 'vol', 'p', 'pp', 'dept', 'max', 'min', 'ca', 'co', 'ltd', 'inc', 'corp',
]);
const CLOSERS = '"\'”’)）」』';

/** Offsets just after each sentence end of a text (before the following space). */
export function sentenceEnds(text: string): number[] {
  const protectedAt = markupMask(text);
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const wide = char === '。' || char === '！' || char === '？';
    if (!wide && char !== '.' && char !== '!' && char !== '?') continue;
    let end = i + 1;
    while (end < text.length && CLOSERS.includes(text[end]!)) end++;
    if (!wide && end < text.length && !/\s/.test(text[end]!)) continue; // "3.5", "e.g" inside a word, "?!"
    if (wide && end < text.length && '。！？'.includes(text[end]!)) continue;
    if (protectedAt[end] === 1) continue;
    if (char === '.' && isAbbreviation(text, i)) continue;
    ends.push(end);
  }
  return ends;
}

function isAbbreviation(text: string, dot: number): boolean {
  const lineStart = text.lastIndexOf('\n', dot - 1) + 1;
  const before = text.slice(lineStart, dot);
  if (/^\s*\d{1,3}$/.test(before)) return true; // a list marker "1."
  const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
  if (word === '') return false;
  const bare = word.toLowerCase().replace(/^\.+/, '');
  return ABBREVIATIONS.has(bare) || /^\p{L}$/u.test(bare) || /^(\p{L}\.)+\p{L}$/u.test(bare);
}

/** 1 at every offset strictly inside Markdown bold, italics, code or a link (a cut there breaks the markup). */
export function markupMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length + 1);
  const pattern = /\*\*[^\n]+?\*\*|__[^\n]+?__|`[^`\n]+`|\[[^\]\n]*\]\([^)\n]*\)|\*[^*\s][^*\n]*\*/g;
  for (const match of text.matchAll(pattern)) mask.fill(1, match.index + 1, match.index + match[0].length);
  return mask;
}

/**
 * Cuts a text to maxWidth columns: at the last sentence end that fits, else
 * at the last space or Chinese comma outside markup, with an ellipsis.
 */
export function clipToWidth(text: string, maxWidth: number): string {
  const width = widthPrefix(text);
  if (width[text.length]! <= maxWidth) return text;
  let fit = 0;
  while (fit < text.length && width[fit + 1]! <= maxWidth - 1) fit++;
  const sentence = sentenceEnds(text).filter((end) => end <= fit).pop();
  if (sentence !== undefined && width[sentence]! > maxWidth / 2) return dropTrailingHeadings(text.slice(0, sentence));
  const mask = markupMask(text);
  for (let at = fit; at > fit / 2; at--) {
    if (mask[at] === 0 && /[\s，、；]/.test(text[at] ?? '')) return `${dropTrailingHeadings(text.slice(0, at))}…`;
  }
  return `${text.slice(0, fit).trimEnd()}…`;
}

/** Removes heading lines (and blank lines) from the end of a passage. */
export function dropTrailingHeadings(text: string): string {
  const lines = text.trimEnd().split('\n');
  while (lines.length > 1 && (HEADING.test(lines[lines.length - 1]!) || lines[lines.length - 1]!.trim() === '')) lines.pop();
  return lines.join('\n').trimEnd();
}
