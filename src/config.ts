/**
 * The environment, validated once. This is the only module that reads
 * process.env: everything else receives a typed `Config`.
 * A bad or missing variable stops start-up with one message listing every
 * problem by name (and the closest known name for a likely typo).
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'must be true or false' })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_SERVER_BINARY: z.string().min(1).default('redis-server'),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DEFAULT_LOCALE: z.enum(['en', 'zh-CN']).default('en'),
  ANSWER_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  KB_DEMO_ON_EMPTY: bool.default(true),
  LOCAL_CHANNEL_ENABLED: bool.optional(),
  LOCAL_CHANNEL_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(100).max(100_000).default(4000),
});

const KNOWN_KEYS = Object.keys(schema.shape);

export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  host: string;
  port: number;
  /** Base URL people reach the bot at, for article links. */
  publicUrl: string;
  dataDir: string;
  /** Unset: embedded PostgreSQL (PGlite) under dataDir. */
  databaseUrl?: string;
  databasePoolSize: number;
  /** Unset: 127.0.0.1:6379 if something listens there, else a private redis-server. */
  redisUrl?: string;
  redisServerBinary: string;
  /** Signs article links; generated and kept under dataDir when unset. */
  appSecret?: string;
  defaultLocale: 'en' | 'zh-CN';
  answerConfidenceThreshold?: number;
  loadDemoKnowledgeWhenEmpty: boolean;
  localChannel: { enabled: boolean; token?: string };
  maxMessageChars: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse an environment (process.env by default) into a Config, or throw ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '?');
      problems.push(`${key}: ${issue.message}`);
    }
  }
  problems.push(...typoHints(cleaned));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const e = parsed.data;
  const localEnabled = e.LOCAL_CHANNEL_ENABLED ?? e.NODE_ENV !== 'production';
  if (localEnabled && e.NODE_ENV === 'production' && !e.LOCAL_CHANNEL_TOKEN) {
    throw new ConfigError([
      'LOCAL_CHANNEL_TOKEN: required when LOCAL_CHANNEL_ENABLED=true and NODE_ENV=production (the local channel would otherwise let anyone speak as any user)',
    ]);
  }
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    redisServerBinary: e.REDIS_SERVER_BINARY,
    appSecret: e.APP_SECRET,
    defaultLocale: e.DEFAULT_LOCALE,
    answerConfidenceThreshold: e.ANSWER_CONFIDENCE_THRESHOLD,
    loadDemoKnowledgeWhenEmpty: e.KB_DEMO_ON_EMPTY,
    localChannel: { enabled: localEnabled, token: e.LOCAL_CHANNEL_TOKEN },
    maxMessageChars: e.MAX_MESSAGE_CHARS,
  };
}

/** Variables that look like a misspelt Hypercare variable: "DATABSE_URL → did you mean DATABASE_URL?". */
function typoHints(env: Record<string, string | undefined>): string[] {
  const hints: string[] = [];
  for (const key of Object.keys(env)) {
    if (KNOWN_KEYS.includes(key) || !/^[A-Z][A-Z0-9_]*$/.test(key)) continue;
    // Only names that share a word with one of ours (DATABSE_URL, REDIS_ULR), so HOME or PATH never trip it.
    const words = new Set(key.split('_'));
    const best = KNOWN_KEYS.filter((k) => k.split('_').some((w) => words.has(w)))
      .map((k) => ({ k, d: editDistance(key, k) }))
      .sort((a, b) => a.d - b.d)[0];
    if (best && best.d > 0 && best.d <= 2 && !(best.k in env)) {
      hints.push(`${key}: unknown variable; did you mean ${best.k}?`);
    }
  }
  return hints;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
