/**
 * Bench corpus: the shared Odoo HR articles and dev questions, and a
 * replicated corpus of N articles for scale runs (varied ids and slugs, and a
 * distinct reference line per copy so no two bodies are the same string).
 */
import { toIndexDocuments } from '../../src/knowledge/import/index-documents.js';
import { readKnowledgeFolder } from '../../src/knowledge/import/read-folder.js';
import { loadQuestions, type EvalQuestion } from '../../src/knowledge/eval.js';
import type { IndexDocument } from '../../src/knowledge/types.js';

export const KB_ROOT = new URL('../../../shared/kb/', import.meta.url).pathname;

export async function loadFolder(folder: string): Promise<IndexDocument[]> {
  const { versions, errors } = await readKnowledgeFolder(`${KB_ROOT}${folder}`);
  if (errors.length > 0) throw new Error(`cannot read ${folder}: ${errors.map((e) => `${e.path}:${e.line} ${e.message}`).join('; ')}`);
  return toIndexDocuments(versions);
}

/** The product's demo knowledge base (en/ and zh/). */
export async function loadDemoKb(): Promise<IndexDocument[]> {
  const { versions, errors } = await readKnowledgeFolder(new URL('../../demo-kb', import.meta.url).pathname);
  if (errors.length > 0) throw new Error(`cannot read demo-kb: ${errors.map((e) => `${e.path}:${e.line} ${e.message}`).join('; ')}`);
  return toIndexDocuments(versions);
}

export async function loadDevQuestions(): Promise<EvalQuestion[]> {
  return loadQuestions(`${KB_ROOT}odoo-hr/dev-questions.jsonl`);
}

/** `articles` articles made of copies of the base corpus's articles (all their language versions). */
export function replicate(base: readonly IndexDocument[], articles: number): IndexDocument[] {
  const byArticle = new Map<string, IndexDocument[]>();
  for (const doc of base) byArticle.set(doc.articleId, [...(byArticle.get(doc.articleId) ?? []), doc]);
  const groups = [...byArticle.values()];
  const docs: IndexDocument[] = [];
  for (let n = 0; n < articles; n++) {
    const group = groups[n % groups.length]!;
    const copy = Math.floor(n / groups.length);
    for (const doc of group) {
      const slug = `${doc.slug}-c${copy}`;
      docs.push({ ...doc, articleId: `a${n}`, slug, body: flat(`${doc.body}\n\nRef: ${slug}-${doc.lang}`) });
    }
  }
  return docs;
}

/**
 * A flat copy of a string. Concatenation makes a rope that V8 flattens the
 * first time an engine reads it, which would bill the copy to that engine's
 * build time and memory; text from a database or file is flat already.
 */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
