/**
 * `metrics export <table> [--week]`, `metrics rebuild` and
 * `digest preview [--manager <email>] [--week] [--chart <file.png>]`.
 */
import { writeFile } from 'node:fs/promises';
import { EXPORT_TABLES, exportTable, toCsv } from '../adoption/metrics-export.js';
import { rebuildUsageWeeks } from '../adoption/usage.js';
import { buildDigests, digestRecipients } from '../adoption/digest-data.js';
import { digestMessage } from '../adoption/digest-message.js';
import { renderAdoptionChart } from '../adoption/digest-chart.js';
import { lastFullWeekStart, parseWeekStart } from '../adoption/weeks.js';
import type { Database } from '../db/client.js';
import { CliError, TENANT_FLAGS, cliContext, withCliDatabase, cliTenant, flags, type Flags } from './context.js';

const OPTIONS = { ...TENANT_FLAGS, week: 'string' } as const;

export async function runMetricsCommand(command: string | undefined, args: string[]): Promise<number> {
  if (command !== 'export' && command !== 'rebuild') throw new CliError(`unknown metrics command "${command ?? ''}": use export or rebuild`);
  const { values, positionals } = flags(args, { ...OPTIONS, output: 'string' });
  const [table] = positionals;
  if (command === 'export' && (!table || !(EXPORT_TABLES as readonly string[]).includes(table))) {
    throw new CliError(`metrics export needs a table: ${EXPORT_TABLES.join(', ')}`);
  }
  return withTenant(values, async (database, tenantId, weekStart) => {
    if (command === 'rebuild') {
      console.log(`Weekly usage rebuilt: ${await rebuildUsageWeeks(database.prisma, tenantId)} person-weeks.`);
      return 0;
    }
    const csv = toCsv(await exportTable(database.prisma, tenantId, table!, weekStart));
    if (values.output) await writeFile(values.output, csv, 'utf8');
    else process.stdout.write(csv);
    return 0;
  });
}

export async function runDigestCommand(command: string | undefined, args: string[]): Promise<number> {
  if (command !== 'preview') throw new CliError(`unknown digest command "${command ?? ''}": use preview`);
  const { values } = flags(args, { ...OPTIONS, manager: 'string', chart: 'string' });
  return withTenant(values, async (database, tenantId, weekStart) => {
    const all = await digestRecipients(database.prisma, tenantId);
    const wanted = values.manager?.toLowerCase();
    const recipients = wanted ? all.filter((r) => r.email?.toLowerCase() === wanted) : all;
    if (recipients.length === 0) {
      throw new CliError(wanted ? `${values.manager} receives no digest: not a manager of rostered people, nor a sponsor` : 'nobody receives a digest yet: import a roster with managers', 1);
    }
    const digests = await buildDigests(database.prisma, tenantId, weekStart, { recipients });
    for (const digest of digests) {
      console.log(`── To ${digest.recipient.name || digest.recipient.email} (${digest.recipient.kind}, ${digest.recipient.lang}) ──`);
      console.log(digestMessage(digest).text);
      console.log('');
    }
    if (values.chart) {
      await writeFile(values.chart, renderAdoptionChart(digests[0]!.chart));
      console.log(`Chart of the first digest written to ${values.chart}.`);
    }
    return 0;
  });
}

async function withTenant(
  values: Flags<typeof OPTIONS>,
  run: (database: Database, tenantId: string, weekStart: string) => Promise<number>,
): Promise<number> {
  if (values.week) {
    try {
      parseWeekStart(values.week);
    } catch (err) {
      throw new CliError(`--week: ${(err as Error).message}`);
    }
  }
  const ctx = cliContext(values.verbose);
  return withCliDatabase(ctx, async (database) => {
    const tenant = await cliTenant(database.prisma, values);
    return await run(database, tenant.id, values.week ?? lastFullWeekStart(new Date(), tenant.timezone));
  });
}
