/** A 1,000-article knowledge base: the demo articles copied under distinct slugs, imported through the real importer. */
import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../src/db/client.js';
import { importKnowledge } from '../../src/knowledge/importer.js';
import { DEMO_KB_DIR } from '../../src/knowledge/demo.js';

export async function importThousandArticles(db: Db, tenantId: string, articles = 1000): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-slack-bench-kb-'));
  try {
    const langs = (await readdir(DEMO_KB_DIR, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    const names = (await readdir(path.join(DEMO_KB_DIR, langs[0]!))).filter((f) => f.endsWith('.md'));
    for (const lang of langs) await mkdir(path.join(dir, lang), { recursive: true });
    for (let n = 0; n < articles; n++) {
      const name = names[n % names.length]!;
      const copy = Math.floor(n / names.length);
      for (const lang of langs) {
        const source = path.join(DEMO_KB_DIR, lang, name);
        const text = await readFile(source, 'utf8').catch(() => undefined);
        if (text === undefined) continue;
        const target = path.join(dir, lang, name.replace(/\.md$/, `-c${copy}.md`));
        if (copy === 0) await cp(source, target);
        else await writeFile(target, `${text}\n\nRef: copy ${copy} of ${name}\n`);
      }
    }
    const result = await importKnowledge(db, tenantId, dir);
    if (!result.ok) throw new Error(`bench KB import failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
    return articles;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
