// Prisma CLI configuration, for machines WITH internet access that prefer the
// standard tools: `DATABASE_URL=postgresql://… npx prisma migrate deploy`
// applies prisma/migrations and records them in `_prisma_migrations`, the same
// table Hypercare's built-in migrator (src/db/schema-engine.ts) writes, so the
// two can be mixed. Prisma 7 does not read .env by itself: export the variable
// or use `node --env-file=.env node_modules/prisma/build/index.js …`.
// Offline, use `npm run db:generate` / `npm run db:migrate` instead.
import { defineConfig, env } from 'prisma/config';

// env() throws when the variable is unset, but `prisma generate` needs no
// database, and it must keep working without one.
function optionalEnv(name: string): string | undefined {
  try {
    return env(name);
  } catch {
    return undefined;
  }
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: optionalEnv('DATABASE_URL') },
});
