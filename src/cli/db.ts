/** `db migrate | diff`: schema tools that work without network access (Prisma's Wasm schema engine). */
import { createMigration, diffToSchema } from '../db/schema-engine.js';
import { projectPaths } from '../db/paths.js';
import { CliError, cliContext, withCliDatabase, flags } from './context.js';

export async function runDbCommand(command: string | undefined, args: string[]): Promise<number> {
  if (command === 'migrate') return dbMigrate(args);
  if (command === 'diff') return dbDiff(args);
  throw new CliError(`unknown db command "${command ?? ''}": use migrate or diff`);
}

async function dbMigrate(args: string[]): Promise<number> {
  const { values } = flags(args, {});
  const ctx = cliContext(values.verbose);
  // openDatabase applies pending migrations before it returns; report what it did.
  return withCliDatabase(ctx, async (database) => {
    const applied = database.appliedMigrations;
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
    return 0;
  });
}

async function dbDiff(args: string[]): Promise<number> {
  const { values } = flags(args, { create: 'string' });
  const ctx = cliContext(values.verbose);
  if (values.create) {
    const created = await createMigration({ name: values.create, serverUrl: ctx.config.databaseUrl, logger: ctx.log });
    console.log(created ? `Wrote ${created.dir}/migration.sql — review it, commit it, then run npm run db:generate.` : 'No changes: the migrations match prisma/schema.prisma.');
    return 0;
  }
  const diff = await diffToSchema({ from: { migrationsDir: projectPaths.migrations }, serverUrl: ctx.config.databaseUrl, logger: ctx.log });
  console.log(diff.empty ? '-- No changes: the migrations match prisma/schema.prisma.' : diff.sql);
  return 0;
}
