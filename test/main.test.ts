/**
 * The real program, as `npm start` runs it: start-up on embedded defaults,
 * health, an answer over HTTP, clean errors for bad start-up input, and a
 * graceful stop on SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startBot(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    // A clean environment: only what the test gives, so a developer's DATABASE_URL cannot leak in.
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForUrl(bot: Running, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*Hypercare is running/.exec(bot.output());
    if (match) return match[1]!;
    if (bot.child.exitCode !== null || Date.now() > deadline) throw new Error(`bot did not start:\n${bot.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let dataDir: string;
let bot: Running;
let url: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hc-main-'));
  bot = startBot({ DATA_DIR: dataDir, PORT: '0', REDIS_URL: inject('redisUrl'), LOG_LEVEL: 'info' });
  url = await waitForUrl(bot);
});
afterAll(async () => {
  if (bot?.child.exitCode === null) bot.child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start (src/main.ts)', () => {
  it('starts on embedded PostgreSQL, loads the demo knowledge base and is ready', async () => {
    expect(bot.output()).toContain('loaded the demo knowledge base');
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    const res = await fetch(`${url}/api/local/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'smoke', text: 'How do I reset my password?' }),
    });
    const body = (await res.json()) as { replies: { text: string }[] };
    expect(body.replies[0]!.text).toMatch(/^Reset your password/);
  });

  it('refuses a second process on the same embedded data folder, naming the folder', async () => {
    const second = startBot({ DATA_DIR: dataDir, PORT: '0', REDIS_URL: inject('redisUrl') });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`The embedded database ${path.join(dataDir, 'pglite')} is already open by process ${bot.child.pid}`);
  });

  it('imports through the running bot when it owns the embedded database, and the bot answers from it at once', async () => {
    const kb = path.join(dataDir, 'new-kb', 'en');
    await mkdir(kb, { recursive: true });
    await writeFile(path.join(kb, 'parking-permit.md'), '---\ntitle: Apply for a parking permit\nlang: en\n---\nOpen Facilities, choose Parking permit, enter your car plate and submit.\n');
    const cli = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'kb', 'import', path.dirname(kb)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(cli.stderr).toContain('importing through it');
    expect(cli.stdout).toContain('Imported 1 articles: 1 new');
    const res = await fetch(`${url}/api/local/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'smoke', text: 'How do I apply for a parking permit?' }),
    });
    const body = (await res.json()) as { replies: { text: string }[] };
    expect(body.replies[0]!.text).toMatch(/^Apply for a parking permit/);
    const forged = await fetch(`${url}/api/admin/kb/import`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body: '{"path":"/"}' });
    expect(forged.status).toBe(401);
  });

  it('stops gracefully on SIGTERM and releases the data folder', async () => {
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toContain('Shutdown complete');
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'bot.json'))).toBe(false);
  });
});

describe('bad start-up input', () => {
  it('lists every configuration problem by name and exits 1', async () => {
    const bad = startBot({ PORT: 'eighty', DATABASE_URL: 'mysql://nope', REDIS_ULR: 'redis://x' });
    expect(await bad.exited).toBe(1);
    const out = bad.output();
    expect(out).toContain('Invalid configuration');
    expect(out).toContain('PORT: must be a whole number from 0 to 65535');
    expect(out).toContain('DATABASE_URL: must be a URL starting with postgres:// or postgresql://');
    expect(out).toContain('REDIS_ULR: unknown variable; did you mean REDIS_URL?');
  });

  it('names an unreachable database without its password', async () => {
    const bad = startBot({ DATABASE_URL: 'postgresql://hc:s3cret-pass@127.0.0.1:1/hypercare', DATA_DIR: dataDir, PORT: '0' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('127.0.0.1:1');
    expect(bad.output()).not.toContain('s3cret-pass');
  });
});
