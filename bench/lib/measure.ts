/** Timing, memory and retrieval-quality measurement for the benchmark. */
import v8 from 'node:v8';
import vm from 'node:vm';
import { evaluate, type EvalQuestion, type EvalResult } from '../../src/knowledge/eval.js';
import type { Engine } from './engines.js';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** A full garbage collection, so memory and latency figures are not someone else's garbage. */
export function settle(): void {
  collectGarbage();
  collectGarbage();
}

export function megabytes(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** Heap + typed-array memory in use (after settle()). */
export function liveMemory(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const WARM_UP_ROUNDS = 5;

export interface Latency {
  p50: number;
  p99: number;
  queries: number;
}

/** Runs every question `rounds` times after warm-up rounds; per-query latency in ms. */
export async function measureLatency(engine: Engine, questions: readonly EvalQuestion[], rounds: number): Promise<Latency> {
  // Collect first, warm up after: a forced full GC can drop compiled code, and the next queries pay to recompile it.
  settle();
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    for (const question of questions) await engine.search(question.question, question.lang, 5);
  }
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const started = performance.now();
      await engine.search(question.question, question.lang, 5);
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), queries: times.length };
}

/** Retrieval quality of an engine (its hits are gathered first, then scored by src/knowledge/eval.ts). */
export async function measureQuality(engine: Engine, questions: readonly EvalQuestion[], k = 10): Promise<EvalResult> {
  const hitsByQuestion = new Map<string, { slug: string }[]>();
  for (const question of questions) hitsByQuestion.set(question.question, await engine.search(question.question, question.lang, k));
  return evaluate({ search: (query) => hitsByQuestion.get(query) ?? [] }, questions, { k });
}
