/** `npm run cli -- survey …` in a child process, on its own embedded database and the test Redis. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { TEST_REDIS_URL, deleteKeys } from '../jobs/helpers.js';

let dataDir: string;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'survey', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), DATA_DIR: dataDir, REDIS_URL: TEST_REDIS_URL },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hc-survey-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await deleteKeys('hypercare');
});

describe('npm run cli -- survey', () => {
  it('create rejects a half-valid file with file:line: path for each problem, then creates, lists, shows and unschedules', { timeout: 300_000 }, async () => {
    const bad = path.join(dataDir, 'bad.yaml');
    await writeFile(bad, 'key: Bad Key\ntitle: { en: x }\nquestions: []\nschedule: { type: once, at: "2026-13-01T10:00", tz: Mars/Base }\n');
    const failed = await cli(['create', bad]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Nothing was saved or scheduled');
    expect(failed.stderr).toMatch(/bad\.yaml:1: key: /);
    expect(failed.stderr).toMatch(/bad\.yaml:2: title\.zh-CN: /);
    expect(failed.stderr).toMatch(/bad\.yaml:4: schedule\.tz: /);

    const created = await cli(['create', path.join(ROOT, 'examples/surveys/monthly-pulse.json')]);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('Survey "monthly-pulse" created; recurring (job scheduler survey-');
    const listed = await cli(['list', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ key: 'monthly-pulse', anonymous: true, runs: 0 }]);
    const shown = await cli(['show', 'monthly-pulse']);
    expect(shown.stdout).toContain('[single_choice] Where do you get help first? / 遇到问题您首先向谁求助？');
    const removed = await cli(['schedule', 'monthly-pulse', '--remove']);
    expect(removed.stdout).toContain('removed');
    const noRun = await cli(['results', 'monthly-pulse']);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toContain('has not run yet');
  });
});
