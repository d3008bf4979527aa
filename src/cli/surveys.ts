/**
 * `survey create|list|show|schedule|results|export`: surveys from definition
 * files, their schedules (BullMQ, so Redis must be reachable for create and
 * schedule) and their results. A file with any problem changes nothing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createJobs, resolveRedis } from '../jobs/index.js';
import type { Jobs } from '../jobs/system.js';
import type { Database } from '../db/client.js';
import { SurveyService, storedDefinition } from '../surveys/service.js';
import { runResults } from '../surveys/runs.js';
import { resultsMessage, resultsCsv } from '../surveys/summary.js';
import { SURVEY_USAGE } from './survey-usage.js';
import { CliError, TENANT_FLAGS, cliContext, withCliDatabase, cliTenant, flags, type CliContext } from './context.js';

const OPTIONS = { ...TENANT_FLAGS, owner: 'string', run: 'string', out: 'string', lang: 'string', remove: 'boolean', json: 'boolean' } as const;

export async function runSurveyCommand(command: string | undefined, args: string[]): Promise<number> {
  const { values, positionals } = flags(args, OPTIONS);
  const [target] = positionals;
  const ctx = cliContext(values.verbose);
  return withCliDatabase(ctx, async (database) => {
    const db = database.prisma;
    const tenant = await cliTenant(db, values);
    switch (command) {
      case 'create': {
        if (!target) throw new CliError('survey create needs a definition file (YAML or JSON)');
        const text = await readFile(target, 'utf8').catch(() => {
          throw new CliError(`${target}: no such file or it cannot be read`);
        });
        let owner: { userId: string } | undefined;
        if (values.owner) {
          const user = await db.user.findFirst({ where: { tenantId: tenant.id, OR: [{ email: values.owner }, { platformUserId: values.owner }] }, select: { id: true } });
          if (!user) throw new CliError(`--owner: nobody in this tenant has the email or chat id "${values.owner}"`);
          owner = { userId: user.id };
        }
        return await withJobs(ctx, async (jobs) => {
          const result = await new SurveyService(db, jobs, ctx.log).apply(tenant.id, text, target, owner);
          if (!result.ok) {
            console.error(`Nothing was saved or scheduled: ${result.problems.length} problem(s) in ${target}:`);
            for (const p of result.problems) console.error(`  ${target}:${p.line ?? 1}: ${p.path || '(file)'}: ${p.message}`);
            return 1;
          }
          const when = result.plan.schedulerId
            ? `recurring (job scheduler ${result.plan.schedulerId})`
            : `${result.plan.occurrences.length} run(s): ${result.plan.occurrences.map((o) => `${o.runKey} at ${o.opensAt.toISOString()}`).join(', ') || 'none upcoming'}`;
          console.log(`Survey "${result.key}" ${result.created ? 'created' : 'updated'}; ${when}.`);
          return 0;
        });
      }
      case 'list': {
        const surveys = await db.survey.findMany({ where: { tenantId: tenant.id }, orderBy: { key: 'asc' }, include: { runs: { select: { occurrenceKey: true, status: true } } } });
        const rows = surveys.map((s) => ({ key: s.key, anonymous: s.anonymous, priority: s.priority, schedule: s.schedule, runs: s.runs.length, open: s.runs.filter((r) => r.status === 'open').length }));
        if (values.json) console.log(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) console.log('No surveys yet: npm run cli -- survey create <file.yaml>');
        else for (const r of rows) console.log(`${r.key}  ${describeSchedule(r.schedule)}  runs ${r.runs} (open ${r.open})${r.anonymous ? '  anonymous' : ''}`);
        return 0;
      }
      case 'show': {
        const survey = await findSurvey(database, tenant.id, target);
        const runs = await db.surveyRun.findMany({ where: { surveyId: survey.id }, orderBy: { opensAt: 'asc' }, include: { _count: { select: { invites: true, responses: true } } } });
        const definition = storedDefinition(survey.definition);
        if (values.json) {
          console.log(JSON.stringify({ definition, runs }, null, 2));
          return 0;
        }
        console.log(`${definition.key}: ${definition.title.en} / ${definition.title['zh-CN']}${definition.anonymous ? ' (anonymous)' : ''}`);
        console.log(`targeting: ${JSON.stringify(definition.targeting)}; schedule: ${describeSchedule(definition.schedule)}; priority ${definition.priority}`);
        definition.questions.forEach((q, i) => console.log(`  ${i + 1}. [${q.type}] ${q.title.en} / ${q.title['zh-CN']}`));
        for (const r of runs) console.log(`run ${r.occurrenceKey}: ${r.status}, opens ${r.opensAt.toISOString()}, closes ${r.closesAt.toISOString()}, ${r._count.invites} invited, ${r._count.responses} responses`);
        return 0;
      }
      case 'schedule': {
        const survey = await findSurvey(database, tenant.id, target);
        return await withJobs(ctx, async (jobs) => {
          const service = new SurveyService(db, jobs, ctx.log);
          if (values.remove) {
            await service.unschedule(tenant.id, survey.id);
            console.log(`Schedule of "${survey.key}" removed; open runs still close as planned.`);
            return 0;
          }
          const plan = await service.schedule(tenant.id, survey.id);
          console.log(plan.schedulerId ? `Recurring scheduler ${plan.schedulerId} updated.` : `${plan.occurrences.length} upcoming run(s) planned.`);
          return 0;
        });
      }
      case 'results':
      case 'export': {
        const survey = await findSurvey(database, tenant.id, target);
        const run = await db.surveyRun.findFirst({
          where: { surveyId: survey.id, ...(values.run ? { occurrenceKey: values.run } : { status: { not: 'scheduled' } }) },
          orderBy: { opensAt: 'desc' },
        });
        if (!run) throw new CliError(values.run ? `survey "${survey.key}" has no run "${values.run}"` : `survey "${survey.key}" has not run yet`);
        const definition = storedDefinition(survey.definition);
        const results = await runResults(db, run.id, definition);
        if (command === 'export') {
          const csv = resultsCsv(results);
          if (values.out) {
            await writeFile(values.out, csv);
            console.error(`Wrote ${values.out}`);
          } else process.stdout.write(csv);
          return 0;
        }
        if (values.json) {
          console.log(JSON.stringify(results, null, 2));
          return 0;
        }
        const lang = values.lang === 'zh-CN' ? 'zh-CN' : 'en';
        const message = resultsMessage({ survey: definition, runKey: run.occurrenceKey, closesAt: run.closesAt, tz: definition.schedule.tz, results, lang });
        console.log(message.blocks.map((b) => ('text' in b ? b.text : '')).filter(Boolean).join('\n\n'));
        return 0;
      }
      default:
        throw new CliError(`unknown survey command "${command ?? ''}"\n\n${SURVEY_USAGE}`);
    }
  });
}

async function findSurvey(database: Database, tenantId: string, key: string | undefined) {
  if (!key) throw new CliError('name the survey by its key (see: survey list)');
  const survey = await database.prisma.survey.findUnique({ where: { tenantId_key: { tenantId, key } } });
  if (!survey) throw new CliError(`no survey "${key}" in this tenant (see: survey list)`);
  return survey;
}

async function withJobs<T>(ctx: CliContext, run: (jobs: Jobs) => Promise<T>): Promise<T> {
  const redis = await resolveRedis(ctx.config, ctx.log);
  const jobs = createJobs(redis, ctx.log);
  try {
    if (!jobs.available) throw new CliError('survey schedules live in Redis, and no Redis is available: start Redis or set REDIS_URL');
    return await run(jobs);
  } finally {
    await jobs.close();
    await redis.stop();
  }
}

function describeSchedule(schedule: unknown): string {
  const s = schedule as { type?: string; at?: string; days?: number[]; cron?: string; tz?: string };
  if (s.type === 'once') return `once ${s.at} ${s.tz}`;
  if (s.type === 'relative') return `D+${(s.days ?? []).join('/D+')} at ${s.at} ${s.tz}`;
  if (s.type === 'recurring') return `cron "${s.cron}" ${s.tz}`;
  return 'unscheduled';
}
