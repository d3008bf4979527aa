/**
 * OAuth installations in PostgreSQL (Installation rows, key = team id, or the
 * enterprise id for org-wide installs) and the bot credentials for a tenant:
 * its installation, else the single-workspace SLACK_BOT_TOKEN.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import type { Db } from '../../db/client.js';
import type { TenantDirectory } from '../../directory/tenants.js';
import { HypercareError } from '../core/errors.js';

export interface BotCredentials {
  token: string;
  /** The bot's user id (U…) when known: its own messages carry it. */
  botUserId?: string;
}

function keyOf(query: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  const key = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
  if (!key) throw new HypercareError('bad_request', 'a Slack installation needs a team id (or an enterprise id for org installs)');
  return key;
}

export class PrismaInstallationStore implements InstallationStore {
  constructor(
    private readonly db: Db,
    private readonly tenants: TenantDirectory,
    /** Called after an installation was written or removed (the credentials cache drops the key). */
    private readonly onChanged: (tenantKey: string) => void = () => {},
  ) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const key = keyOf({ isEnterpriseInstall: installation.isEnterpriseInstall, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id });
    const name = (installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name) ?? '';
    const tenant = await this.tenants.ensure('slack', key, { name });
    const data = JSON.parse(JSON.stringify(installation)) as object;
    await this.db.installation.upsert({
      where: { platform_key: { platform: 'slack', key } },
      create: { tenantId: tenant.id, platform: 'slack', key, data },
      update: { tenantId: tenant.id, data },
    });
    this.onChanged(key);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const found = await this.find(keyOf(query));
    if (!found) throw new HypercareError('not_found', 'no Slack installation for this workspace');
    return found;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.remove(keyOf(query));
  }

  async find(key: string): Promise<Installation | undefined> {
    const row = await this.db.installation.findUnique({ where: { platform_key: { platform: 'slack', key } }, select: { data: true } });
    return row ? (row.data as unknown as Installation) : undefined;
  }

  async remove(key: string): Promise<number> {
    const { count } = await this.db.installation.deleteMany({ where: { platform: 'slack', key } });
    this.onChanged(key);
    return count;
  }
}

const CACHE_MS = 5 * 60_000;
/** "Not installed" is kept briefly: another replica may store the installation meanwhile. */
const MISS_CACHE_MS = 30_000;

export class SlackCredentials {
  private readonly cache = new Map<string, { creds: BotCredentials | undefined; until: number }>();

  constructor(
    private readonly store: PrismaInstallationStore | undefined,
    private readonly singleWorkspaceToken: string | undefined,
  ) {}

  /** The bot token for a tenant (team or enterprise id); unauthorized when the app is not installed there. */
  async forTenant(tenantKey: string): Promise<BotCredentials> {
    const installed = this.store ? await this.installed(tenantKey) : undefined;
    if (installed) return installed;
    if (this.singleWorkspaceToken) return { token: this.singleWorkspaceToken };
    throw new HypercareError('unauthorized', `Hypercare is not installed in Slack workspace ${tenantKey}`);
  }

  forget(tenantKey: string): void {
    this.cache.delete(tenantKey);
  }

  private async installed(key: string): Promise<BotCredentials | undefined> {
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.creds;
    const installation = await this.store!.find(key);
    const creds = installation?.bot ? { token: installation.bot.token, botUserId: installation.bot.userId } : undefined;
    this.cache.set(key, { creds, until: Date.now() + (creds ? CACHE_MS : MISS_CACHE_MS) });
    return creds;
  }
}
