/**
 * Character-level normalisation shared by indexing and querying.
 * NFKC folds full-width Latin letters, digits and punctuation to half-width
 * (ＡＢＣ１２３，→ ABC123,) and compatibility forms (ﬁ → fi); lower-casing
 * after NFKC is the case folding we need for English.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Han ideographs (CJK unified + extension A + compatibility), by UTF-16 code unit. */
export function isHanCode(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    code === 0x3007 // 〇
  );
}

/** Character classes for run splitting, by UTF-16 code unit (computed lazily, then cached). */
export const SEPARATOR = 1;
export const WORD = 2;
export const HAN = 3;
const charClass = new Uint8Array(65536);
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** SEPARATOR, WORD (letters, digits, marks other than Han) or HAN. */
export function classOf(code: number): number {
  let kind = charClass[code]!;
  if (kind === 0) {
    if (isHanCode(code)) kind = HAN;
    else if (code >= 0xd800 && code <= 0xdfff) kind = SEPARATOR; // astral (emoji…) are not words
    else kind = WORD_CHAR.test(String.fromCharCode(code)) ? WORD : SEPARATOR;
    charClass[code] = kind;
  }
  return kind;
}

/**
 * Splits normalised text into runs: Han runs and runs of other letters,
 * digits and combining marks. Everything else separates runs, so an
 * apostrophe splits "what's" into "what" and "s".
 */
export function forEachRun(normalized: string, visit: (run: string, han: boolean) => void): void {
  const n = normalized.length;
  let start = -1;
  let runKind = SEPARATOR;
  for (let i = 0; i <= n; i++) {
    const kind = i < n ? classOf(normalized.charCodeAt(i)) : SEPARATOR;
    if (kind === runKind) continue;
    if (runKind !== SEPARATOR) visit(normalized.slice(start, i), runKind === HAN);
    runKind = kind;
    start = i;
  }
}

/** Blank-line separated paragraphs (the unit we segment and score passages by). */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}
