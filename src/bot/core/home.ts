/**
 * The person's home view (Slack's App Home tab; any channel can show it):
 * a title and intro, then one section per feature. Each feature owns its
 * section in src/bot/home/ and returns no blocks when it has nothing to say.
 */
import type { Lang } from '../../knowledge/types.js';
import type { TenantRef } from '../../directory/tenants.js';
import type { UserRef } from '../../directory/users.js';
import type { Block } from './types.js';

export interface HomeViewer {
  tenant: TenantRef;
  user: UserRef;
  lang: Lang;
}

export interface HomeSection {
  name: string;
  /** Things waiting for the person (requests, surveys): when every such section is empty the view says "nothing waiting". */
  pending?: boolean;
  render(viewer: HomeViewer): Promise<Block[]>;
}
