/** Markdown tables for the benchmark results. */
import type { EvalResult } from '../../src/knowledge/eval.js';
import type { Latency } from './measure.js';
import type { ScaleResult } from './scale.js';

export interface QualityRow {
  engine: string;
  quality: EvalResult;
  latency: Latency;
  buildMs: number;
}

const ms = (value: number): string => value.toFixed(2);
const pct = (value: number): string => `${Math.round(value * 100)}%`;

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

export function qualityTable(rows: readonly QualityRow[], questions: number): string {
  const header = ['Engine (odoo-hr, 34 articles × en/zh)', 'MRR@10', 'MRR en', 'MRR zh', 'R@1 en', 'R@1 zh', 'R@3 en', 'R@3 zh', 'p50 ms', 'p99 ms', 'build ms'];
  const body = rows.map(({ engine, quality, latency, buildMs }) => [
    engine,
    quality.overall.mrrAt10.toFixed(3),
    quality.byLang.en.mrrAt10.toFixed(3),
    quality.byLang['zh-CN'].mrrAt10.toFixed(3),
    pct(quality.byLang.en.recallAt1),
    pct(quality.byLang['zh-CN'].recallAt1),
    pct(quality.byLang.en.recallAt3),
    pct(quality.byLang['zh-CN'].recallAt3),
    ms(latency.p50),
    ms(latency.p99),
    String(buildMs),
  ]);
  return `## Retrieval quality on ${questions} dev questions\n\n${table(header, body)}\n`;
}

export function scaleTable(rows: readonly ScaleResult[], full: boolean): string {
  const header = ['Engine', 'articles', 'versions', 'build ms', 'query p50 ms', 'query p99 ms', 'index MB', 'process RSS MB'];
  const body = rows.map((row) => [
    row.engine,
    row.articles.toLocaleString('en'),
    row.versions.toLocaleString('en'),
    row.buildMs.toLocaleString('en'),
    ms(row.latency.p50),
    ms(row.latency.p99),
    String(row.retainedMB),
    String(row.rssMB),
  ]);
  const note = full ? '' : '\nMiniSearch and Orama are built at 1,000 articles only (about 16 s each; 10,000 would take minutes). Run with --full for 10,000.\n';
  return `## Scale (HR corpus replicated; each row in its own process)\n\n${table(header, body)}\n${note}`;
}
