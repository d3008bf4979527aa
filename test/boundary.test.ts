/**
 * The platform SDKs stay inside their adapter folders: the core, knowledge,
 * jobs and domain code must never import them.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');
const ADAPTER_OF: Record<string, string> = { '@slack/': 'bot/slack', botbuilder: 'bot/teams', 'botframework-': 'bot/teams' };

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? (e.name === 'generated' ? [] : sourceFiles(path.join(dir, e.name))) : [path.join(dir, e.name)])),
  );
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

describe('adapter boundary', () => {
  it('only src/bot/slack imports @slack/* and only src/bot/teams imports botbuilder', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      const relative = path.relative(SRC, file).split(path.sep).join('/');
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = match[1]!;
        for (const [prefix, folder] of Object.entries(ADAPTER_OF)) {
          if (spec.startsWith(prefix) && !relative.startsWith(`${folder}/`)) offenders.push(`${relative} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('never calls conversations.history (Slack allows non-Marketplace apps 1 request a minute)', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      // Comments may explain why it is avoided; code must not name the method.
      const code = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      if (/conversations\.history|conversations\/history/.test(code)) offenders.push(path.relative(SRC, file));
    }
    expect(offenders).toEqual([]);
  });
});
