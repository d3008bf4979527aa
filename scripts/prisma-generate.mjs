#!/usr/bin/env node
// `prisma generate` that works offline and skips itself when the client is current.
//
// The Prisma CLI downloads its native schema-engine binary before every command,
// generate included, unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file
// (generate never runs it), so we point it at this very Node binary.
// Usage: node scripts/prisma-generate.mjs [--force] [--quiet]
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const schema = path.join(root, 'prisma', 'schema.prisma');
const marker = path.join(root, 'src', 'generated', 'prisma', 'client.ts');
const require = createRequire(import.meta.url);
const prismaPackage = require.resolve('prisma/package.json');
const prismaCli = path.join(path.dirname(prismaPackage), 'build', 'index.js');

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
// A Prisma upgrade also needs a new client, so the CLI's package.json counts as an input.
const inputsChanged = Math.max(mtime(schema), mtime(prismaPackage));

if (!process.argv.includes('--force') && mtime(marker) > inputsChanged) {
  if (!process.argv.includes('--quiet')) console.log('prisma generate: src/generated/prisma is up to date (skipped)');
  process.exit(0);
}

const started = Date.now();
const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', schema], {
  cwd: root,
  encoding: 'utf8',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1', // no version-check request to Prisma's servers
  },
});
if (result.status !== 0) {
  process.stderr.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  console.error(`prisma generate: failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status ?? 1);
}
console.log(`prisma generate: wrote src/generated/prisma in ${((Date.now() - started) / 1000).toFixed(1)}s`);
