/**
 * The App Home tab, published on every app_home_opened: the platform-neutral
 * home view (src/bot/home) rendered as Block Kit.
 */
import type { TenantDirectory } from '../../directory/tenants.js';
import type { UserDirectory } from '../../directory/users.js';
import type { Lang } from '../../knowledge/types.js';
import type { HomeSection } from '../core/home.js';
import { langFromLocale } from '../core/language.js';
import { buildHome } from '../home/index.js';
import { renderBlock } from './render.js';
import type { SlackApi } from './web-api.js';

export interface HomeDeps {
  tenants: TenantDirectory;
  users: UserDirectory;
  sections: HomeSection[];
  api: SlackApi;
}

/** Slack refuses a view of more than 100 blocks. */
const MAX_BLOCKS = 100;

export async function publishHome(deps: HomeDeps, input: { tenantKey: string; slackUserId: string; token: string }): Promise<void> {
  const tenant = await deps.tenants.ensure('slack', input.tenantKey);
  const user = await deps.users.ensure(tenant.id, 'slack', input.slackUserId);
  const lang: Lang = user.locale ?? langFromLocale(user.platformLocale) ?? langFromLocale(tenant.defaultLocale) ?? 'en';
  const blocks = await buildHome(deps.sections, { tenant, user, lang });
  await deps.api.call(input.token, 'views.publish', {
    user_id: input.slackUserId,
    view: { type: 'home', blocks: blocks.flatMap(renderBlock).slice(0, MAX_BLOCKS) },
  });
}
