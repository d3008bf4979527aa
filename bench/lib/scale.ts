/** One measured build-and-query run of one engine on one corpus (run in a child process for scale). */
import type { EvalQuestion } from '../../src/knowledge/eval.js';
import type { IndexDocument } from '../../src/knowledge/types.js';
import { engineByName, type EngineName } from './configs.js';
import { loadDevQuestions, loadFolder, replicate } from './corpus.js';
import type { Engine } from './engines.js';
import { liveMemory, measureLatency, megabytes, settle, type Latency } from './measure.js';

export interface ScaleTask {
  engine: EngineName;
  /** Articles to replicate the HR corpus to (ignored when docs are given). */
  articles: number;
  rounds: number;
  docs?: IndexDocument[];
  questions?: EvalQuestion[];
  engineInstance?: Engine;
}

export interface ScaleResult {
  engine: string;
  articles: number;
  versions: number;
  buildMs: number;
  latency: Latency;
  /** Heap + typed arrays retained by the built index (after GC). */
  retainedMB: number;
  /** Resident set size of the whole process after the queries. */
  rssMB: number;
}

export async function runScaleTask(task: ScaleTask): Promise<ScaleResult> {
  const questions = task.questions ?? (await loadDevQuestions());
  const docs = task.docs ?? replicate(await loadFolder('odoo-hr'), task.articles);
  const engine = task.engineInstance ?? engineByName(task.engine);
  settle();
  const before = liveMemory();
  const started = performance.now();
  await engine.build(docs);
  const buildMs = performance.now() - started;
  settle();
  const retained = liveMemory() - before;
  const latency = await measureLatency(engine, questions, task.rounds);
  return {
    engine: engine.name,
    articles: new Set(docs.map((doc) => doc.articleId)).size,
    versions: docs.length,
    buildMs: Math.round(buildMs),
    latency,
    retainedMB: megabytes(retained),
    rssMB: megabytes(process.memoryUsage().rss),
  };
}
