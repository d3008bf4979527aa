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

/** A whole number in range, with a message that says so (zod's default reads "expected number, received NaN"). */
const wholeNumber = (min: number, max: number) =>
  z.coerce.number({ message: `must be a whole number from ${min} to ${max}` }).int(`must be a whole number from ${min} to ${max}`).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

const fraction = z.coerce.number({ message: 'must be a number from 0 to 1' }).min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1');

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
  PORT: wholeNumber(0, 65535).default(3000),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_SIZE: wholeNumber(1, 100).default(10),
  DATABASE_PREPARED_STATEMENTS: bool.default(true),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_SERVER_BINARY: z.string().min(1).default('redis-server'),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DEFAULT_LOCALE: z.enum(['en', 'zh-CN']).default('en'),
  ANSWER_CONFIDENCE_THRESHOLD: fraction.optional(),
  KB_DEMO_ON_EMPTY: bool.default(true),
  LOCAL_CHANNEL_ENABLED: bool.optional(),
  LOCAL_CHANNEL_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  MAX_MESSAGE_CHARS: wholeNumber(100, 100_000).default(4000),
  // Proactive sends (surveys, digests, alerts) per Slack workspace / Teams tenant per second, shared by all workers.
  OUTBOUND_SLACK_PER_SECOND: wholeNumber(1, 10_000).default(20),
  OUTBOUND_TEAMS_PER_SECOND: wholeNumber(1, 10_000).default(50),

  // Slack (src/bot/slack). On when SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (OAuth installs) is set.
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-…)').optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token (xapp-…)').optional(),
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  SLACK_STATE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SLACK_API_URL: url(['http:', 'https:']).default('https://slack.com/api/'),

  // Microsoft Teams (src/bot/teams). On when MICROSOFT_APP_ID is set, or TEAMS_ALLOW_UNAUTHENTICATED=true for local testing.
  MICROSOFT_APP_ID: z.string().min(1).optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_CERT_THUMBPRINT: z.string().min(1).optional(),
  MICROSOFT_APP_CERT_KEY_FILE: z.string().min(1).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('MultiTenant'),
  TEAMS_ALLOW_UNAUTHENTICATED: bool.default(false),
  TEAMS_ALLOWED_TENANTS: z.string().optional(),
  /** Where Bot Framework tokens' signing keys are published; tests point it at a local server. */
  TEAMS_OPENID_METADATA_URL: url(['http:', 'https:']).optional(),
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
  /** Prepare the hot statements once per connection (see src/db/prepared.ts). */
  databasePreparedStatements: boolean;
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
  /** Proactive sends per second per Slack workspace and per Teams tenant, across all workers. */
  outboundRates: { slackPerSecond: number; teamsPerSecond: number };
  /** Set when Slack is configured. */
  slack?: SlackConfig;
  /** Set when Teams is configured. */
  teams?: TeamsConfig;
}

export interface SlackConfig {
  signingSecret: string;
  /** Single-workspace mode: the bot token from the app's "Install to workspace". */
  botToken?: string;
  /** Socket Mode when set (no public URL needed). */
  appToken?: string;
  /** OAuth installs across workspaces when set (with clientSecret and stateSecret). */
  oauth?: { clientId: string; clientSecret: string; stateSecret: string };
  /** Web API base URL, ending in '/'. */
  apiUrl: string;
}

export interface TeamsConfig {
  /** Empty only with allowUnauthenticated (local testing). */
  appId: string;
  appPassword?: string;
  certThumbprint?: string;
  certKeyFile?: string;
  tenantId?: string;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  allowUnauthenticated: boolean;
  /** Teams tenant ids allowed to use the bot; empty allows all. */
  allowedTenants: string[];
  openIdMetadataUrl?: string;
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
  const platformProblems: string[] = [];
  const slack = slackConfig(e, platformProblems);
  const teams = teamsConfig(e, platformProblems);
  if (platformProblems.length > 0) throw new ConfigError(platformProblems);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    redisUrl: e.REDIS_URL,
    redisServerBinary: e.REDIS_SERVER_BINARY,
    appSecret: e.APP_SECRET,
    defaultLocale: e.DEFAULT_LOCALE,
    answerConfidenceThreshold: e.ANSWER_CONFIDENCE_THRESHOLD,
    loadDemoKnowledgeWhenEmpty: e.KB_DEMO_ON_EMPTY,
    localChannel: { enabled: localEnabled, token: e.LOCAL_CHANNEL_TOKEN },
    maxMessageChars: e.MAX_MESSAGE_CHARS,
    outboundRates: { slackPerSecond: e.OUTBOUND_SLACK_PER_SECOND, teamsPerSecond: e.OUTBOUND_TEAMS_PER_SECOND },
    slack,
    teams,
  };
}

type Env = z.infer<typeof schema>;

function slackConfig(e: Env, problems: string[]): SlackConfig | undefined {
  const oauthKeys = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  if (!e.SLACK_BOT_TOKEN && oauthKeys.every((v) => v === undefined) && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) return undefined;
  if (!e.SLACK_SIGNING_SECRET) problems.push('SLACK_SIGNING_SECRET: required when Slack is configured (every request from Slack is verified with it)');
  if (!e.SLACK_BOT_TOKEN && !e.SLACK_CLIENT_ID) problems.push('SLACK_BOT_TOKEN or SLACK_CLIENT_ID: set one (one workspace, or OAuth installs)');
  const oauthSet = oauthKeys.filter((v) => v !== undefined).length;
  if (oauthSet > 0 && oauthSet < 3) problems.push('SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: OAuth installs need all three');
  if (!e.SLACK_SIGNING_SECRET) return undefined;
  return {
    signingSecret: e.SLACK_SIGNING_SECRET,
    botToken: e.SLACK_BOT_TOKEN,
    appToken: e.SLACK_APP_TOKEN,
    oauth:
      e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
        ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET }
        : undefined,
    apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
  };
}

function teamsConfig(e: Env, problems: string[]): TeamsConfig | undefined {
  if (!e.MICROSOFT_APP_ID && !e.TEAMS_ALLOW_UNAUTHENTICATED) return undefined;
  if (!e.MICROSOFT_APP_ID && e.NODE_ENV === 'production') {
    problems.push('TEAMS_ALLOW_UNAUTHENTICATED: not allowed when NODE_ENV=production; set MICROSOFT_APP_ID and its credentials');
  }
  if (e.MICROSOFT_APP_ID && e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !e.MICROSOFT_APP_PASSWORD && !e.MICROSOFT_APP_CERT_THUMBPRINT) {
    problems.push('MICROSOFT_APP_PASSWORD or MICROSOFT_APP_CERT_THUMBPRINT: required with MICROSOFT_APP_ID');
  }
  if (e.MICROSOFT_APP_CERT_THUMBPRINT && !e.MICROSOFT_APP_CERT_KEY_FILE) problems.push('MICROSOFT_APP_CERT_KEY_FILE: required with MICROSOFT_APP_CERT_THUMBPRINT');
  if (e.MICROSOFT_APP_TYPE === 'SingleTenant' && !e.MICROSOFT_APP_TENANT_ID) problems.push('MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE=SingleTenant');
  return {
    appId: e.MICROSOFT_APP_ID ?? '',
    appPassword: e.MICROSOFT_APP_PASSWORD,
    certThumbprint: e.MICROSOFT_APP_CERT_THUMBPRINT,
    certKeyFile: e.MICROSOFT_APP_CERT_KEY_FILE,
    tenantId: e.MICROSOFT_APP_TENANT_ID,
    appType: e.MICROSOFT_APP_TYPE,
    allowUnauthenticated: !e.MICROSOFT_APP_ID && e.TEAMS_ALLOW_UNAUTHENTICATED,
    allowedTenants: (e.TEAMS_ALLOWED_TENANTS ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL,
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
