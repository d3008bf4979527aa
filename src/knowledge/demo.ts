/**
 * The demo knowledge base (demo-kb/ at the repository root): about twenty
 * short bilingual articles about a newly rolled-out ERP, loaded on first
 * start so a new install answers something before the rollout team imports
 * its own content.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import { importKnowledge } from './importer.js';
import { countArticles } from './store.js';

export const DEMO_KB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../demo-kb');

export async function loadDemoKnowledgeIfEmpty(db: Db, tenantId: string, log: Logger, dir = DEMO_KB_DIR): Promise<boolean> {
  if ((await countArticles(db, tenantId)) > 0) return false;
  const result = await importKnowledge(db, tenantId, dir, { origin: 'demo' });
  if (!result.ok) {
    // The demo content ships with the code; a problem here is a bug, not user error.
    throw new Error(`demo knowledge base is invalid:\n${result.problems.map((p) => `${p.path}:${p.line}: ${p.message}`).join('\n')}`);
  }
  log.info({ tenantId, articles: result.summary.articles }, 'loaded the demo knowledge base (the knowledge base was empty)');
  return true;
}
