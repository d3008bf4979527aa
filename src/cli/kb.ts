/** `kb import | search | eval`: the rollout team's knowledge-base tools. */
import { stat } from 'node:fs/promises';
import { startEmbedded } from '../db/embedded.js';
import { createPrismaClient, type Db } from '../db/client.js';
import { applyMigrations } from '../db/schema-engine.js';
import { projectPaths } from '../db/paths.js';
import { TenantDirectory } from '../directory/tenants.js';
import { importKnowledge, type ImportResult } from '../knowledge/importer.js';
import { EmbeddedLockedError } from '../db/embedded.js';
import { adminToken, findRunningBot } from '../admin/running-bot.js';
import { loadOrCreateAppSecret } from '../app-secret.js';
import path from 'node:path';
import { loadIndexDocuments } from '../knowledge/store.js';
import { createSearchIndex, RECOMMENDED_THRESHOLD } from '../knowledge/search/index.js';
import { evaluate, formatEvalReport, loadQuestions } from '../knowledge/eval.js';
import { ROLES, type Lang, type Role } from '../knowledge/types.js';
import { langFromLocale } from '../bot/core/language.js';
import { detectLanguage } from '../knowledge/text/detect-language.js';
import { silentLogger } from '../log.js';
import { CliError, TENANT_FLAGS, cliContext, withCliDatabase, cliTenant, flags, platformOption, progressPrinter, type CliContext } from './context.js';

export async function runKbCommand(command: string | undefined, args: string[]): Promise<number> {
  if (command === 'import') return kbImport(args);
  if (command === 'search') return kbSearch(args);
  if (command === 'eval') return kbEval(args);
  throw new CliError(`unknown kb command "${command ?? ''}": use import, search or eval`);
}

async function kbImport(args: string[]): Promise<number> {
  const { values, positionals } = flags(args, TENANT_FLAGS);
  const [source] = positionals;
  if (!source) throw new CliError('kb import needs a folder or file: npm run cli -- kb import ./kb');
  await assertExists(source);
  const ctx = cliContext(values.verbose);
  const platform = platformOption(values.platform);
  const tenantKey = values.tenant ?? 'local';
  let result: ImportResult;
  try {
    result = await withCliDatabase(ctx, async (database) => {
      const tenant = await new TenantDirectory(database.prisma).ensure(platform, tenantKey);
      return importKnowledge(database.prisma, tenant.id, source, { onProgress: progressPrinter('import') });
    });
  } catch (err) {
    if (!(err instanceof EmbeddedLockedError)) throw err;
    result = await importThroughRunningBot(ctx, { path: path.resolve(source), tenant: tenantKey, platform });
  }
  if (!result.ok) {
    console.error(`Nothing was imported: ${result.problems.length} problem(s) to fix first.`);
    for (const p of result.problems) console.error(`  ${p.path}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    return 1;
  }
  const s = result.summary;
  console.log(`Imported ${s.articles} articles: ${s.created} new and ${s.updated} changed language versions, ${s.unchanged} unchanged, ${s.alternates} alternate questions.`);
  return 0;
}

/** The bot owns the embedded database: ask it to run the import (src/admin/api.ts). */
async function importThroughRunningBot(ctx: CliContext, body: { path: string; tenant: string; platform: string }): Promise<ImportResult> {
  const bot = await findRunningBot(ctx.config.dataDir);
  if (!bot) throw new CliError('The embedded database is in use by another process that is not a running Hypercare bot; stop it and try again.', 1);
  console.error(`import: the bot (pid ${bot.pid}) owns the embedded database; importing through it…`);
  const secret = await loadOrCreateAppSecret(ctx.config.appSecret, ctx.config.dataDir);
  const res = await fetch(`${bot.url}/api/admin/kb/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken(secret)}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as ImportResult | { error: { message: string } };
  if (!res.ok || 'error' in json) throw new CliError(`the running bot refused the import: ${'error' in json ? json.error.message : res.status}`, 1);
  return json;
}

async function kbSearch(args: string[]): Promise<number> {
  const { values, positionals } = flags(args, { lang: 'string', role: 'string', limit: 'string', ...TENANT_FLAGS, json: 'boolean' });
  const question = positionals.join(' ').trim();
  if (!question) throw new CliError('kb search needs a question: npm run cli -- kb search "how do I request leave?"');
  const lang = langOption(values.lang) ?? detectLanguage(question) ?? 'en';
  const role = roleOption(values.role);
  const limit = values.limit ? Number(values.limit) : 5;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new CliError('--limit must be a whole number from 1 to 50');

  const ctx = cliContext(values.verbose);
  return withCliDatabase(ctx, async (database) => {
    const tenant = await cliTenant(database.prisma, values);
    const index = createSearchIndex(await loadIndexDocuments(database.prisma, tenant.id));
    const hits = index.search(question, { lang, role, limit });
    const threshold = ctx.config.answerConfidenceThreshold ?? RECOMMENDED_THRESHOLD;
    if (values.json) {
      console.log(JSON.stringify({ question, lang, role, threshold, answered: (hits[0]?.confidence ?? 0) >= threshold, hits }, null, 2));
      return 0;
    }
    if (hits.length === 0) console.log('No matching article.');
    hits.forEach((hit, i) => {
      const mark = i === 0 && hit.confidence >= threshold ? ' ← answer' : '';
      console.log(`${i + 1}. ${hit.title} [${hit.slug}, ${hit.lang}] confidence ${hit.confidence.toFixed(2)}${mark}`);
      if (i === 0) console.log(`   ${hit.passage.replace(/\n+/g, '\n   ')}`);
    });
    if ((hits[0]?.confidence ?? 0) < threshold) console.log(`(below the answer threshold ${threshold}: the bot would say it does not know)`);
    return 0;
  });
}

async function kbEval(args: string[]): Promise<number> {
  const { values } = flags(args, { articles: 'string', questions: 'string', json: 'boolean' });
  if (!values.articles || !values.questions) {
    throw new CliError('kb eval needs --articles <dir> and --questions <file.jsonl>');
  }
  await assertExists(values.articles);
  await assertExists(values.questions);
  const questions = await loadQuestions(values.questions).catch((err: Error) => {
    throw new CliError(err.message, 1);
  });
  const docs = await withTemporaryStore(async (db) => {
    const tenant = await new TenantDirectory(db).ensure('local', 'eval');
    const result = await importKnowledge(db, tenant.id, values.articles!);
    if (!result.ok) {
      throw new CliError(`the articles have problems:\n${result.problems.map((p) => `  ${p.path}:${p.line}: ${p.message}`).join('\n')}`, 1);
    }
    return loadIndexDocuments(db, tenant.id);
  });
  const result = evaluate(createSearchIndex(docs), questions);
  console.log(values.json ? JSON.stringify(result, null, 2) : formatEvalReport(result));
  return 0;
}

/** A fresh in-memory PostgreSQL with the real schema, so eval measures the same import path as production. */
async function withTemporaryStore<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const embedded = await startEmbedded();
  try {
    await applyMigrations(embedded.url, projectPaths.migrations, silentLogger);
    const db = createPrismaClient(embedded.url, 2, silentLogger);
    try {
      return await work(db);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await embedded.stop();
  }
}

function langOption(value: string | undefined): Lang | undefined {
  if (value === undefined) return undefined;
  const lang = langFromLocale(value);
  if (!lang) throw new CliError(`--lang must be en or zh-CN, not "${value}"`);
  return lang;
}

function roleOption(value: string | undefined): Role {
  if (value === undefined) return 'end_user';
  if (!(ROLES as readonly string[]).includes(value)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

async function assertExists(path: string): Promise<void> {
  try {
    await stat(path);
  } catch {
    throw new CliError(`${path}: no such file or folder`);
  }
}
