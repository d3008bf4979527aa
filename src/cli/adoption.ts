/** `roster import`, `usage import` and `apikey create|revoke`: feeding the adoption metrics. */
import { readFile } from 'node:fs/promises';
import { importRoster } from '../adoption/roster.js';
import { importUsageCsv } from '../adoption/usage.js';
import { createApiKey, revokeApiKey } from '../adoption/api-keys.js';
import type { Database } from '../db/client.js';
import { CliError, TENANT_FLAGS, cliContext, withCliDatabase, cliTenant, flags } from './context.js';

export async function runRosterCommand(command: string | undefined, args: string[]): Promise<number> {
  if (command !== 'import') throw new CliError(`unknown roster command "${command ?? ''}": use import`);
  return importFile(args, 'roster import', async (db, tenantId, text) => {
    const result = await importRoster(db.prisma, tenantId, text);
    if (!result.ok) return result.problems;
    const s = result.summary;
    console.log(`Roster imported: ${s.people.created} people added, ${s.people.updated} updated; ${s.departments.total} departments, ${s.waves.total} waves, ${s.managerLinks} manager links.`);
    return [];
  });
}

export async function runUsageCommand(command: string | undefined, args: string[]): Promise<number> {
  if (command !== 'import') throw new CliError(`unknown usage command "${command ?? ''}": use import`);
  return importFile(args, 'usage import', async (db, tenantId, text) => {
    const result = await importUsageCsv(db.prisma, tenantId, text);
    if (!result.ok) return result.problems;
    console.log(`Usage imported: ${result.accepted} events.`);
    return [];
  });
}

export async function runApiKeyCommand(command: string | undefined, args: string[]): Promise<number> {
  const { values, positionals } = flags(args, TENANT_FLAGS);
  const [nameOrId] = positionals;
  if ((command !== 'create' && command !== 'revoke') || !nameOrId) {
    throw new CliError('use: apikey create <name> | apikey revoke <id> [--tenant local]');
  }
  const ctx = cliContext(values.verbose);
  return withCliDatabase(ctx, async (database) => {
    const tenant = await cliTenant(database.prisma, values);
    if (command === 'create') {
      const created = await createApiKey(database.prisma, tenant.id, nameOrId);
      console.log(`API key "${created.name}" (id ${created.id}). It is shown only now; store it in the system that posts usage:\n${created.key}`);
      return 0;
    }
    const revoked = await revokeApiKey(database.prisma, tenant.id, nameOrId);
    console.log(revoked ? 'Revoked.' : 'No such active key in this tenant.');
    return revoked ? 0 : 1;
  });
}

type FileImport = (db: Database, tenantId: string, text: string) => Promise<{ line?: number; index?: number; message: string }[]>;

async function importFile(args: string[], what: string, run: FileImport): Promise<number> {
  const { values, positionals } = flags(args, TENANT_FLAGS);
  const [file] = positionals;
  if (!file) throw new CliError(`${what} needs a CSV file`);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`${file}: no such file or it cannot be read`);
  });
  const ctx = cliContext(values.verbose);
  return withCliDatabase(ctx, async (database) => {
    const tenant = await cliTenant(database.prisma, values);
    const problems = await run(database, tenant.id, text);
    if (problems.length === 0) return 0;
    console.error(`Nothing was imported: ${problems.length} problem(s) to fix first.`);
    for (const p of problems) console.error(`  ${file}:${p.line ?? p.index ?? 0}: ${p.message}`);
    return 1;
  });
}
