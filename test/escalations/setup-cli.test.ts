/** `escalations setup|show` as the rollout team runs them, in a child process on the embedded database. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dataDir: string;

const cli = (args: string[]) => runCli(args, dataDir);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hc-esc-cli-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

describe('npm run cli -- escalations', () => {
  it('refuses a file naming people not in the roster, then applies it after the roster import and shows it', { timeout: 240_000 }, async () => {
    const example = path.join(ROOT, 'examples/escalations.yaml');
    const refused = await cli(['escalations', 'setup', example]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Nothing was changed');
    expect(refused.stderr).toMatch(/escalations\.yaml:28: groups\[0\]\.members\[0\]: nobody with email "li\.wei@example\.com"/);

    const roster = path.join(dataDir, 'roster.csv');
    const people = ['li.wei', 'wang.fang', 'zhang.min', 'chen.jie', 'liu.yang', 'anna.schmidt', 'e1042'];
    await writeFile(
      roster,
      ['email,name,department,role,manager,site,wave,go-live date,employee id']
        .concat(people.map((p, i) => `${p}@example.com,${p},${i < 3 ? 'Finance' : 'Warehouse'},engineer,,Shanghai,Wave 1,2026-03-02,${p === 'e1042' ? 'E-1042' : ''}`))
        .join('\n'),
    );
    const imported = await cli(['roster', 'import', roster]);
    expect(imported.stderr).toBe('');
    const applied = await cli(['escalations', 'setup', example]);
    expect(applied.stdout).toContain('Escalation set-up applied: 3 group(s) added, 0 updated; 7 member(s), 6 rule(s); fallback: Core team.');
    expect(applied.code).toBe(0);

    const shown = await cli(['escalations', 'show', '--json']);
    expect(shown.code).toBe(0);
    const setup = JSON.parse(shown.stdout);
    expect(setup.groups.map((g: { name: string }) => g.name)).toEqual(['Finance desk', 'Warehouse desk', 'Core team']);
    expect(setup.rules[3]).toEqual({ group: 'Warehouse desk', priority: 40, module: 'MM', site: 'Shanghai' });
  });
});
