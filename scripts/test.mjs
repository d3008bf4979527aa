// `npm test`: set up, type-check, run every vitest suite against real
// PostgreSQL/PGlite and Redis, and end with one line CI tooling reads:
// "Tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
setup();

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
console.log('test: type-checking…');
const typecheck = spawnSync(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });

const reportDir = path.join(root, '.data', 'test-report');
mkdirSync(reportDir, { recursive: true });
const report = path.join(reportDir, 'vitest.json');
rmSync(report, { force: true });
const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
try {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  failed = result.numFailedTests;
  // A suite that fails to load has no failed tests of its own; count it so the line never reads green.
  if (failed === 0 && vitest.status !== 0) failed = Math.max(1, result.numFailedTestSuites ?? 0);
} catch {
  failed = 1;
  console.error('test: vitest wrote no report (it crashed before running tests)');
}
if (typecheck.status !== 0) {
  console.error('test: type-check failed');
  failed += 1;
}
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(typecheck.status === 0 && vitest.status === 0 && failed === 0 ? 0 : 1);
