/** `npm run teams:package`: a valid zip holding the filled manifest and both icons. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const APP_ID = '11111111-2222-3333-4444-555555555555';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hc-teams-pkg-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function build(env: Record<string, string>, out: string) {
  return spawnSync(process.execPath, [path.join(root, 'scripts/teams-package.mjs'), '--out', out], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
}

/** Entries from the zip's central directory, each inflated from its local header. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const [method, crc, size, length, nameLength, extra, comment, local] = [
      zip.readUInt16LE(at + 10), zip.readUInt32LE(at + 16), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 24),
      zip.readUInt16LE(at + 28), zip.readUInt16LE(at + 30), zip.readUInt16LE(at + 32), zip.readUInt32LE(at + 42),
    ] as number[];
    const name = zip.subarray(at + 46, at + 46 + nameLength!).toString('utf8');
    const dataStart = local! + 30 + zip.readUInt16LE(local! + 26) + zip.readUInt16LE(local! + 28);
    const stored = zip.subarray(dataStart, dataStart + size!);
    const data = method === 8 ? zlib.inflateRawSync(stored) : stored;
    expect(data.length).toBe(length);
    expect(zlib.crc32(data)).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength! + extra! + comment!;
  }
  return files;
}

it('writes a zip with the manifest filled from MICROSOFT_APP_ID and PUBLIC_URL, and both icons', async () => {
  const out = path.join(dir, 'teams-app.zip');
  const result = build({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://bot.example.com/hc/' }, out);
  expect(result.status, result.stderr).toBe(0);
  const files = readZip(await readFile(out));
  expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
  expect(manifest.id).toBe(APP_ID);
  expect(manifest.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'] });
  expect(manifest.validDomains).toEqual(['bot.example.com']);
  expect(manifest.developer.websiteUrl).toBe('https://bot.example.com/hc');
  expect(JSON.stringify(manifest)).not.toContain('{{');
  // PNG sizes from the IHDR chunk: 192×192 colour, 32×32 outline.
  expect(files.get('color.png')!.readUInt32BE(16)).toBe(192);
  expect(files.get('outline.png')!.readUInt32BE(16)).toBe(32);
  if (spawnSync('unzip', ['-v']).status === 0) expect(execFileSync('unzip', ['-t', out], { encoding: 'utf8' })).toContain('No errors detected');
});

it('refuses to build without a GUID app id and an https public URL', () => {
  const result = build({ MICROSOFT_APP_ID: 'nope', PUBLIC_URL: 'http://bot.example.com' }, path.join(dir, 'bad.zip'));
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('MICROSOFT_APP_ID');
  expect(result.stderr).toContain('https://');
});
