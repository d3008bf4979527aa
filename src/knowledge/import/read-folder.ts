/**
 * Reads every knowledge file below a folder (or one file) into article
 * versions, collecting every problem instead of stopping at the first, so the
 * caller can report them all and write nothing.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportProblem, Lang, ParsedArticleVersion } from '../types.js';
import { langOfFolder } from './fields.js';
import { parseCsvSheet } from './parse-csv.js';
import { parseMarkdownArticle, type ParseResult } from './parse-markdown.js';
import { decodeUtf8 } from './utf8.js';

export type { ImportProblem, ParsedArticleVersion } from '../types.js';

export interface ReadKnowledgeOptions {
  /** Called after each file is read: (files done, files in total). */
  onProgress?: (done: number, total: number) => void;
}

export interface ReadKnowledgeResult {
  versions: ParsedArticleVersion[];
  errors: ImportProblem[];
}

export const MAX_FILE_BYTES = 1024 * 1024;
const KNOWLEDGE_EXTENSIONS = new Set(['.md', '.markdown', '.csv']);
const SKIPPED_NAMES = new Set(['readme', 'attribution']);

interface KnowledgeFile {
  /** Path to report and read (root as given + relative path). */
  path: string;
  /** Relative path with `/` separators. */
  relative: string;
}

export async function readKnowledgeFolder(root: string, options: ReadKnowledgeOptions = {}): Promise<ReadKnowledgeResult> {
  const errors: ImportProblem[] = [];
  let rootStat;
  try {
    rootStat = await stat(root);
  } catch {
    return { versions: [], errors: [{ path: root, line: 1, message: 'no such file or folder' }] };
  }
  const files: KnowledgeFile[] = rootStat.isDirectory()
    ? await listKnowledgeFiles(root)
    : [{ path: root, relative: path.basename(root) }];
  // A single file in an en/ or zh/ folder takes its language from that folder.
  const singleFileFolderLang = rootStat.isDirectory() ? undefined : langOfFolder(path.basename(path.dirname(path.resolve(root))));

  const versions: ParsedArticleVersion[] = [];
  const firstSeen = new Map<string, { path: string; line: number }>();
  let done = 0;
  for (const file of files) {
    const result = await readOneFile(file, singleFileFolderLang);
    errors.push(...result.problems);
    for (const version of result.versions) {
      const key = `${version.slug}\u0000${version.lang}`;
      const line = version.sourceLine ?? 1;
      const first = firstSeen.get(key);
      if (first !== undefined) {
        errors.push({
          path: file.path,
          line,
          message: `duplicate article: "${version.slug}" (${version.lang}) is also defined in ${first.path} line ${first.line}`,
        });
        continue;
      }
      firstSeen.set(key, { path: file.path, line });
      versions.push(version);
    }
    done++;
    options.onProgress?.(done, files.length);
  }
  return { versions, errors };
}

async function listKnowledgeFiles(root: string): Promise<KnowledgeFile[]> {
  const found: KnowledgeFile[] = [];
  const walk = async (relativeDir: string): Promise<void> => {
    const entries = await readdir(path.join(root, relativeDir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const relative = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) await walk(relative);
      else if (entry.isFile() && isKnowledgeFileName(entry.name)) found.push({ path: path.join(root, relative), relative });
    }
  };
  await walk('');
  return found;
}

export function isKnowledgeFileName(name: string): boolean {
  const extension = path.extname(name).toLowerCase();
  if (!KNOWLEDGE_EXTENSIONS.has(extension)) return false;
  if (name.startsWith('.') || name.startsWith('_')) return false;
  return !(extension !== '.csv' && SKIPPED_NAMES.has(path.basename(name, path.extname(name)).toLowerCase()));
}

/**
 * Slug and language folder of a relative path: the last folder named like a
 * language is removed (`hr/en/x.md` → `hr/x`, en), as is the extension.
 */
export function slugOfPath(relative: string): { slug: string; folderLang?: Lang } {
  const parts = relative.split('/');
  const fileName = parts.pop() ?? '';
  let folderLang: Lang | undefined;
  for (let i = parts.length - 1; i >= 0; i--) {
    const lang = langOfFolder(parts[i] as string);
    if (lang !== undefined) {
      folderLang = lang;
      parts.splice(i, 1);
      break;
    }
  }
  parts.push(fileName.slice(0, fileName.length - path.extname(fileName).length));
  const slug = parts.join('/');
  return folderLang === undefined ? { slug } : { slug, folderLang };
}

async function readOneFile(file: KnowledgeFile, singleFileFolderLang: Lang | undefined): Promise<ParseResult> {
  const fail = (line: number, message: string): ParseResult => ({ versions: [], problems: [{ path: file.path, line, message }] });
  let bytes: Buffer;
  try {
    const info = await stat(file.path);
    if (info.size > MAX_FILE_BYTES) {
      return fail(1, `the file is ${(info.size / 1024 / 1024).toFixed(1)} MB; knowledge files may be at most 1 MB (split it into several articles)`);
    }
    bytes = await readFile(file.path);
  } catch (error) {
    return fail(1, `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return fail(decoded.line, `the file is not valid UTF-8 (invalid byte sequence on line ${decoded.line}); save it as UTF-8`);

  const { slug, folderLang: pathLang } = slugOfPath(file.relative);
  const folderLang = pathLang ?? singleFileFolderLang;
  const common = { path: file.path, sourcePath: file.relative, text: decoded.text };
  const withLang = folderLang === undefined ? {} : { folderLang };
  if (path.extname(file.relative).toLowerCase() === '.csv') {
    return parseCsvSheet({ ...common, ...withLang, slugBase: slug });
  }
  return parseMarkdownArticle({ ...common, ...withLang, slug });
}
