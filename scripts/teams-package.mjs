// `npm run teams:package [-- --out <file>]`: the Teams app package an admin
// uploads (Teams admin center → Manage apps → Upload, or Developer Portal).
// Fills teams/manifest.json from MICROSOFT_APP_ID and PUBLIC_URL and zips it
// with the two icons into .data/teams-app.zip. A build tool, so it reads the
// environment itself. The zip writer is minimal (deflate, CRC-32, fixed
// timestamps so the same inputs give the same bytes).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fail(message) {
  console.error(`teams:package: ${message}`);
  process.exit(1);
}

const appId = process.env.MICROSOFT_APP_ID ?? '';
const publicUrl = (process.env.PUBLIC_URL ?? '').replace(/\/+$/, '');
const problems = [];
if (!GUID.test(appId)) problems.push('MICROSOFT_APP_ID must be the bot\'s Microsoft App ID (a GUID)');
let host = '';
try {
  const url = new URL(publicUrl);
  if (url.protocol !== 'https:') problems.push('PUBLIC_URL must start with https:// (Teams only talks to HTTPS)');
  host = url.host;
} catch {
  problems.push('PUBLIC_URL must be the bot\'s public https:// address');
}
if (problems.length > 0) fail(problems.join('; '));

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 && process.argv[outIndex + 1] ? path.resolve(process.argv[outIndex + 1]) : path.join(root, '.data', 'teams-app.zip');

const template = readFileSync(path.join(root, 'teams', 'manifest.json'), 'utf8');
const values = { MICROSOFT_APP_ID: appId, PUBLIC_URL: publicUrl, PUBLIC_HOST: host };
// Values go in as JSON string contents, so a URL can never break the JSON.
const manifest = template.replace(/\{\{(\w+)\}\}/g, (whole, name) => (name in values ? JSON.stringify(values[name]).slice(1, -1) : whole));
JSON.parse(manifest);
const left = /\{\{\w+\}\}/.exec(manifest);
if (left) fail(`teams/manifest.json has an unknown placeholder ${left[0]}`);

const files = [
  { name: 'manifest.json', data: Buffer.from(manifest, 'utf8') },
  { name: 'color.png', data: readFileSync(path.join(root, 'teams', 'color.png')) },
  { name: 'outline.png', data: readFileSync(path.join(root, 'teams', 'outline.png')) },
];
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, zip(files));
console.log(`teams:package: wrote ${path.relative(process.cwd(), out) || out} for app ${appId} at ${publicUrl}`);

/** A zip archive (deflate) of `files`, all at the archive's root. */
function zip(entries) {
  const DOS_TIME = 0; // 00:00:00
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = zlib.deflateRawSync(data, { level: 9 });
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42); // disk, attributes (30–41) stay 0
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
