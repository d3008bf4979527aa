/**
 * POST /api/admin/kb/import {"path","tenant"?,"platform"?}: a knowledge-base
 * import run inside the bot process. The CLI uses it when the bot owns the
 * embedded database; the running index follows as after any import.
 * Authenticated with a token derived from the app secret.
 */
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { HttpServer } from '../http/server.js';
import type { TenantDirectory } from '../directory/tenants.js';
import { HypercareError } from '../bot/core/errors.js';
import { PLATFORMS } from '../bot/core/types.js';
import { importKnowledge } from '../knowledge/importer.js';
import { isAdminToken } from './running-bot.js';

const importBody = z.object({
  path: z.string().min(1, 'path is empty'),
  tenant: z.string().min(1).default('local'),
  platform: z.enum(PLATFORMS).default('local'),
});

export function registerAdminApi(server: HttpServer, deps: { db: Db; tenants: TenantDirectory; secret: string }): void {
  server.route('POST', '/api/admin/kb/import', async (req) => {
    if (!isAdminToken(deps.secret, req.headers.authorization)) throw new HypercareError('unauthorized', 'missing or wrong admin token');
    const parsed = importBody.safeParse(req.body ?? {});
    if (!parsed.success) throw new HypercareError('bad_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const tenant = await deps.tenants.ensure(parsed.data.platform, parsed.data.tenant);
    const result = await importKnowledge(deps.db, tenant.id, parsed.data.path);
    return { status: 200, json: result };
  });
}
