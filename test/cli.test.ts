/** The CLI as a rollout team member runs it (`npm run cli -- …`), in a child process. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const HR = path.resolve(ROOT, '../shared/kb/odoo-hr');

let dataDir: string;

const cli = (args: string[]) => runCli(args, dataDir);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hc-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run cli', () => {
  it('kb import reports every bad file with path and line and writes nothing; then imports a good folder', async () => {
    const kb = path.join(dataDir, 'kb');
    await mkdir(path.join(kb, 'en'), { recursive: true });
    await writeFile(path.join(kb, 'en', 'ok.md'), '---\ntitle: Ok\nlang: en\n---\nSome text about travel.\n');
    await writeFile(path.join(kb, 'en', 'bad.md'), '---\ntitle: Bad\nlang: fr\n---\nTexte.\n');
    const failed = await cli(['kb', 'import', kb]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Nothing was imported');
    expect(failed.stderr).toMatch(/en\/bad\.md:3: .*fr/);

    await rm(path.join(kb, 'en', 'bad.md'));
    const ok = await cli(['kb', 'import', kb]);
    expect(ok.stdout).toContain('Imported 1 articles: 1 new');
    expect(ok.code).toBe(0);
    const search = await cli(['kb', 'search', 'travel', '--json']);
    expect(JSON.parse(search.stdout).hits[0].slug).toBe('ok');
  });

  it('kb eval prints recall and MRR per language for the HR dev questions', async () => {
    const run = await cli(['kb', 'eval', '--articles', HR, '--questions', path.join(HR, 'dev-questions.jsonl'), '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.overall.n).toBe(40);
    expect(Object.keys(result.byLang).sort()).toEqual(['en', 'zh-CN']);
    expect(result.overall.mrrAt10).toBeGreaterThan(0.7);
  });

  it('roster import names each bad line and writes nothing; a fixed file imports; apikey create prints a key once', async () => {
    const roster = path.join(dataDir, 'roster.csv');
    const header = 'email,name,department,role,manager,site,wave,go-live date\n';
    await writeFile(roster, `${header}li.lei@example.com,Li Lei,Finance,manager,,Shanghai,Wave 1,2026-03-01\nnot-an-email,Han Meimei,Finance,end_user,li.lei@example.com,Shanghai,Wave 1,2026-03-01\n`);
    const bad = await cli(['roster', 'import', roster]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Nothing was imported');
    expect(bad.stderr).toMatch(/roster\.csv:3: .*email/i);

    await writeFile(roster, `${header}li.lei@example.com,Li Lei,Finance,manager,,Shanghai,Wave 1,2026-03-01\nhan.meimei@example.com,Han Meimei,Finance,end_user,li.lei@example.com,Shanghai,Wave 1,2026-03-01\n`);
    const ok = await cli(['roster', 'import', roster]);
    expect(ok.stdout).toContain('Roster imported: 2 people added');
    expect(ok.code).toBe(0);

    const key = await cli(['apikey', 'create', 'erp-export']);
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/\nhc_[A-Za-z0-9_-]{40,}/);
  });

  it('explains a missing argument, an unknown command or an unknown flag', async () => {
    const missing = await cli(['kb', 'eval', '--articles', HR]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('kb eval needs --articles <dir> and --questions <file.jsonl>');
    const unknown = await cli(['kb', 'fly']);
    expect(unknown.stderr).toContain('unknown kb command "fly"');
    const absent = await cli(['kb', 'import', '/no/such/folder']);
    expect(absent.stderr).toContain('/no/such/folder: no such file or folder');
    const misspelt = await cli(['kb', 'search', 'leave', '--tenat', 'T1']);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain("Unknown option '--tenat'");
  });
});
