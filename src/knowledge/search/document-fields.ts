/**
 * The fields an article version is indexed under (BM25F), and how each is
 * taken from an IndexDocument.
 */
import type { IndexDocument } from '../types.js';
import { splitParagraphs } from '../text/normalize.js';

export const FIELDS = ['title', 'slug', 'headings', 'tags', 'alternates', 'body'] as const;
export type FieldName = (typeof FIELDS)[number];
export const FIELD_COUNT = FIELDS.length;

/** The text of each field, in FIELDS order. */
export function fieldTexts(doc: IndexDocument): string[] {
  return [
    doc.title,
    doc.slug.replace(/[-_/.]+/g, ' '),
    headingsOf(doc.body).join('\n'),
    doc.tags.join('\n'),
    doc.alternates.join('\n'),
    doc.body,
  ];
}

/**
 * Section headings of a Markdown body: `#` lines, and short one-line
 * paragraphs without closing punctuation (documentation converted from other
 * formats often loses the `#`).
 */
export function headingsOf(body: string): string[] {
  const headings: string[] = [];
  for (const paragraph of splitParagraphs(body)) {
    if (paragraph.includes('\n')) continue;
    if (/^#{1,6}\s/.test(paragraph)) {
      headings.push(paragraph.replace(/^#{1,6}\s+/, '').replace(/\s+#+$/, ''));
      continue;
    }
    if (looksLikeHeading(paragraph)) headings.push(paragraph);
  }
  return headings;
}

function looksLikeHeading(line: string): boolean {
  if (line.length > 80) return false;
  if (/[.。:：;；,，!?！？)）]$/.test(line)) return false;
  if (/^(\*\[|!\[|\||>|```|[-*+]\s|\d+[.)]\s)/.test(line)) return false;
  return /[\p{L}]/u.test(line);
}
