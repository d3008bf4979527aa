// `node scripts/run.mjs <entry.ts> [args…]`: set up what a fresh clone needs
// (dependencies, Prisma client), then run a TypeScript entry point with tsx,
// forwarding signals so the bot shuts down gracefully. Used by `npm start`,
// `npm run chat` and `npm run cli`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run.mjs <entry.ts> [args…]');
  process.exit(2);
}
setup({ quiet: true });
const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(root, entry), ...args], { stdio: 'inherit' });
// Ctrl-C already reaches the child (same foreground process group), so SIGINT
// is only swallowed here; forwarding it too would read as a second, "exit
// now" signal. SIGTERM from a process manager reaches only us: pass it on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
