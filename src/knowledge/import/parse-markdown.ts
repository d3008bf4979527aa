/**
 * Markdown knowledge articles: optional YAML front matter between `---` lines,
 * then the Markdown body. Pure: text in, article version or problems out.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Pair } from 'yaml';
import type { ImportProblem, Lang, ParsedArticleVersion } from '../types.js';
import { parseAudience, parseLang, parseList, parseReviewDate } from './fields.js';

export interface MarkdownSource {
  /** Path used in problems (as the user gave the import root). */
  path: string;
  /** Path relative to the import root, stored as sourcePath. */
  sourcePath: string;
  slug: string;
  /** Language of the folder the file sits in, if any. */
  folderLang?: Lang;
  text: string;
}

export interface ParseResult {
  versions: ParsedArticleVersion[];
  problems: ImportProblem[];
}

const KNOWN_KEYS = new Set(['title', 'lang', 'tags', 'audience', 'owner', 'review-by', 'review_by']);
const FENCE = /^---[ \t]*$/;
const FENCE_END = /^(---|\.\.\.)[ \t]*$/;

interface FrontMatter {
  /** Key → value as YAML parsed it, and the file line the key is on. */
  fields: Map<string, { value: unknown; line: number }>;
  /** 0-based index of the first body line. */
  bodyStart: number;
}

export function parseMarkdownArticle(source: MarkdownSource): ParseResult {
  const problems: ImportProblem[] = [];
  const report = (line: number, message: string): void => {
    problems.push({ path: source.path, line, message });
  };
  const lines = source.text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const frontMatter = readFrontMatter(lines, report);
  if (frontMatter === undefined) return { versions: [], problems };

  const field = (key: string): { value: unknown; line: number } | undefined => frontMatter.fields.get(key);
  const bodyLines = lines.slice(frontMatter.bodyStart);
  const body = bodyLines.join('\n').trim();
  const firstBodyLine = frontMatter.bodyStart + 1;

  const lang = resolveLang(field('lang'), source.folderLang, report);

  const titleField = field('title');
  let title = typeof titleField?.value === 'string' || typeof titleField?.value === 'number'
    ? String(titleField.value).trim()
    : '';
  if (titleField !== undefined && title === '' && titleField.value !== null) {
    report(titleField.line, 'title must be a text');
  }
  const headingIndex = bodyLines.findIndex((line) => /^#\s+\S/.test(line));
  if (title === '' && headingIndex >= 0) {
    title = (bodyLines[headingIndex] as string).replace(/^#\s+/, '').replace(/\s+#+\s*$/, '').trim();
  }
  if (title === '') report(1, 'the article has no title: add "title:" to the front matter or a "# Heading" line');

  const withoutTitleHeading = bodyLines.filter((_, index) => index !== headingIndex).join('\n').trim();
  if (withoutTitleHeading === '') report(Math.min(firstBodyLine, lines.length), 'the article body is empty');

  const tags = checked(parseList(field('tags')?.value, 'tags'), field('tags'), report) ?? [];
  const audience = checked(parseAudience(field('audience')?.value), field('audience'), report) ?? [];
  const ownerField = field('owner');
  const owner = ownerField?.value === undefined || ownerField.value === null ? undefined : String(ownerField.value).trim();

  const reviewKey = field('review-by') !== undefined ? 'review-by' : 'review_by';
  const reviewField = field(reviewKey);
  const reviewBy = reviewField === undefined || reviewField.value === null
    ? undefined
    : checked(parseReviewDate(reviewField.value, reviewKey), reviewField, report);

  const meta: Record<string, unknown> = {};
  for (const [key, { value }] of frontMatter.fields) if (!KNOWN_KEYS.has(key)) meta[key] = value;

  if (problems.length > 0 || lang === undefined) return { versions: [], problems: problems.sort((a, b) => a.line - b.line) };
  const version: ParsedArticleVersion = {
    slug: source.slug,
    lang,
    title,
    body,
    tags,
    audience,
    meta,
    sourcePath: source.sourcePath,
    alternates: [],
  };
  if (owner !== undefined && owner !== '') version.owner = owner;
  if (reviewBy !== undefined) version.reviewBy = reviewBy;
  return { versions: [version], problems };
}

function checked<T>(
  result: { ok: true; value: T } | { ok: false; message: string },
  field: { line: number } | undefined,
  report: (line: number, message: string) => void,
): T | undefined {
  if (result.ok) return result.value;
  report(field?.line ?? 1, result.message);
  return undefined;
}

function resolveLang(
  field: { value: unknown; line: number } | undefined,
  folderLang: Lang | undefined,
  report: (line: number, message: string) => void,
): Lang | undefined {
  if (field === undefined || field.value === null || field.value === '') {
    if (folderLang === undefined) {
      report(1, 'the article has no language: add "lang: en" or "lang: zh-CN" to the front matter, or put it in an en/ or zh/ folder');
    }
    return folderLang;
  }
  const parsed = parseLang(field.value);
  if (!parsed.ok) {
    report(field.line, parsed.message);
    return undefined;
  }
  if (folderLang !== undefined && parsed.value !== folderLang) {
    report(field.line, `lang "${String(field.value)}" does not match the language folder it is in (${folderLang})`);
    return undefined;
  }
  return parsed.value;
}

/** Parses the front matter, if any. Returns undefined when it cannot be read at all. */
function readFrontMatter(lines: string[], report: (line: number, message: string) => void): FrontMatter | undefined {
  const fields = new Map<string, { value: unknown; line: number }>();
  if (!FENCE.test(lines[0] ?? '')) return { fields, bodyStart: 0 };
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    if (FENCE_END.test(lines[i] as string)) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    report(1, 'the front matter that starts on line 1 has no closing "---" line');
    return undefined;
  }
  const yamlText = lines.slice(1, end).join('\n');
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: true, uniqueKeys: true });
  // YAML line 1 is file line 2 (after the opening ---).
  const fileLine = (yamlLine: number): number => yamlLine + 1;
  const error = document.errors[0];
  if (error !== undefined) {
    // Later YAML errors usually follow from the first; one precise message is more useful.
    const yamlLine = error.linePos?.[0]?.line ?? 1;
    const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
    report(fileLine(yamlLine), `the front matter is not valid YAML: ${reason}`);
    return undefined;
  }
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    return { fields, bodyStart: end + 1 };
  }
  if (!isMap(contents)) {
    report(2, 'the front matter must be a list of "key: value" lines');
    return undefined;
  }
  const values = document.toJS() as Record<string, unknown>;
  for (const pair of contents.items as Pair[]) {
    const keyNode = pair.key;
    const rawKey = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const offset = isScalar(keyNode) ? (keyNode.range?.[0] ?? 0) : 0;
    fields.set(rawKey.trim().toLowerCase(), { value: values[rawKey], line: fileLine(lineCounter.linePos(offset).line) });
  }
  return { fields, bodyStart: end + 1 };
}
