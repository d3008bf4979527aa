/** Where the Prisma schema and migrations live, resolved from this file so the working directory does not matter. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// src/db/ (or dist/db/ once compiled) → project root.
const root = fileURLToPath(new URL('../../', import.meta.url));

export const projectPaths = {
  root,
  schema: path.join(root, 'prisma', 'schema.prisma'),
  migrations: path.join(root, 'prisma', 'migrations'),
} as const;
