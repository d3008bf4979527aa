/**
 * Knowledge-search benchmark: our KnowledgeIndex against MiniSearch and Orama
 * on the shared Odoo HR articles and dev questions (quality and speed), then
 * at scale on a replicated corpus (build time, latency, memory; each engine
 * and size in its own process so memory figures are its own).
 *
 *   npx tsx bench/kb.bench.ts            Markdown tables (about 1-2 minutes)
 *   npx tsx bench/kb.bench.ts --json     also write .data/bench/kb-bench.json (or --json=<file>)
 *   npx tsx bench/kb.bench.ts --full     also build MiniSearch and Orama at 10,000 articles (several minutes)
 *   npx tsx bench/kb.bench.ts --sweep    also print the baseline configurations tried
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadDemoKb, loadDevQuestions, loadFolder } from './lib/corpus.js';
import { BASELINE_SWEEP, BEST_MINISEARCH, BEST_ORAMA, engineByName, type EngineName } from './lib/configs.js';
import { measureQuality, type Latency } from './lib/measure.js';
import { runScaleTask, type ScaleResult } from './lib/scale.js';
import { qualityTable, scaleTable } from './lib/report.js';
import { checkConfidence } from './lib/confidence-check.js';
import { DEMO_QUESTIONS, OFF_TOPIC } from './lib/confidence-sets.js';
import { KnowledgeIndex, RECOMMENDED_THRESHOLD } from '../src/knowledge/search/index.js';

const scriptPath = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);

if (args[0] === '--child') {
  const result = await runScaleTask(JSON.parse(args[1] ?? '{}'));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const started = performance.now();
const jsonArg = args.find((arg) => arg === '--json' || arg.startsWith('--json='));
const full = args.includes('--full');

const hr = await loadFolder('odoo-hr');
const crm = await loadFolder('odoo-crm');
const questions = await loadDevQuestions();

// 1. Quality and small-corpus speed, side by side in this process.
const qualityRows = [];
const engines: { name: EngineName; docs: typeof hr; label?: string }[] = [
  { name: 'ours', docs: hr },
  { name: 'minisearch', docs: hr },
  { name: 'orama', docs: hr },
  { name: 'ours', docs: [...hr, ...crm], label: 'Hypercare KnowledgeIndex, + 17 CRM articles as distractors' },
  { name: 'ours-no-synonyms', docs: hr },
  { name: 'ours-no-typo-correction', docs: hr },
  { name: 'ours-no-cross-language', docs: hr },
];
for (const { name, docs, label } of engines) {
  const engine = engineByName(name);
  const task = await runScaleTask({ engine: name, articles: 0, rounds: 10, docs, questions, engineInstance: engine });
  const quality = await measureQuality(engine, questions);
  qualityRows.push({ engine: label ?? engine.name, quality, latency: task.latency as Latency, buildMs: task.buildMs });
}

if (args.includes('--sweep')) {
  console.log('## Baseline configurations tried (MRR@10 on the dev set)\n');
  for (const engine of BASELINE_SWEEP()) {
    await engine.build(hr);
    const quality = await measureQuality(engine, questions);
    console.log(`- ${quality.overall.mrrAt10.toFixed(3)}  ${engine.name}`);
  }
  console.log('');
}

// 2. Scale, one child process per engine and size.
const scaleTasks: { engine: EngineName; articles: number; rounds: number }[] = [
  { engine: 'ours', articles: 1000, rounds: 20 },
  { engine: 'minisearch', articles: 1000, rounds: 3 },
  { engine: 'orama', articles: 1000, rounds: 3 },
  { engine: 'ours', articles: 10_000, rounds: 20 },
];
if (full) scaleTasks.push({ engine: 'minisearch', articles: 10_000, rounds: 2 }, { engine: 'orama', articles: 10_000, rounds: 2 });
const scaleRows: ScaleResult[] = [];
for (const task of scaleTasks) {
  const child = spawnSync(process.execPath, [...process.execArgv, scriptPath, '--child', JSON.stringify(task)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(`scale run ${JSON.stringify(task)} failed: ${child.stderr.slice(-2000)}`);
  }
  scaleRows.push(JSON.parse(line) as ScaleResult);
}

const best = {
  miniSearch: qualityRows.find((row) => row.engine === engineByName('minisearch').name)?.quality.overall.mrrAt10 ?? 0,
  orama: qualityRows.find((row) => row.engine === engineByName('orama').name)?.quality.overall.mrrAt10 ?? 0,
};
console.log(qualityTable(qualityRows, questions.length));
console.log(scaleTable(scaleRows, full));
console.log(confidenceReport(hr, await loadDemoKb()));
console.log(`Baselines as configured: MiniSearch ${JSON.stringify(BEST_MINISEARCH)}, Orama ${JSON.stringify(BEST_ORAMA)} (best of the --sweep list).`);
console.log(`Total bench time: ${((performance.now() - started) / 1000).toFixed(0)} s on ${availableParallelism()} CPUs, Node ${process.version}.`);

if (jsonArg !== undefined) {
  const file = jsonArg.includes('=') ? jsonArg.slice('--json='.length) : path.join('.data', 'bench', 'kb-bench.json');
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const payload = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    questions: questions.length,
    quality: qualityRows.map((row) => ({ engine: row.engine, buildMs: row.buildMs, latency: row.latency, ...row.quality, misses: row.quality.misses.length })),
    baselines: best,
    scale: scaleRows,
  };
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  console.log(`JSON written to ${file}`);
}

/** Answered-correct (dev + demo questions) and false-answer (off-topic on both KBs) rates at the recommended threshold. */
function confidenceReport(hrDocs: typeof hr, demoDocs: typeof hr): string {
  const hrIndex = new KnowledgeIndex(hrDocs);
  const demoIndex = new KnowledgeIndex(demoDocs);
  const check = checkConfidence(
    [{ index: hrIndex, questions }, { index: demoIndex, questions: DEMO_QUESTIONS }],
    [{ index: hrIndex, name: 'odoo-hr', questions: OFF_TOPIC }, { index: demoIndex, name: 'demo-kb', questions: OFF_TOPIC }],
    RECOMMENDED_THRESHOLD,
  );
  const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
  return [
    `## Confidence at threshold ${RECOMMENDED_THRESHOLD}`,
    '',
    '| questions | answered, correct | answered, wrong | off-topic answered |',
    '|---|---:|---:|---:|',
    `| ${questions.length} dev + ${DEMO_QUESTIONS.length} demo, ${OFF_TOPIC.length} off-topic × 2 KBs | ${pct(check.answeredCorrect)} | ${pct(check.answeredWrong)} | ${pct(check.falseAnswers)} |`,
    '',
    ...check.falseAnswered.map((line) => `- off-topic answered: ${line}`),
    '',
  ].join('\n');
}
