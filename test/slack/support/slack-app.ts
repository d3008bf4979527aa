/** A real Hypercare app with the Slack adapter, talking to a FakeSlack Web API. */
import type { SlackConfig } from '../../../src/config.js';
import { slackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../src/bot/slack/adapter.js';
import { startTestApp, type TestApp, type TestAppOptions } from '../../support/app.js';
import type { TestDatabase } from '../../db/helpers.js';
import { FakeSlack } from './fake-slack.js';
import { TEST_SIGNING_SECRET } from './signed.js';

export const TEAM = 'T00FAKE00AA';

export interface SlackTestApp extends TestApp {
  slack: FakeSlack;
  adapter: SlackAdapter;
  /** Wait until every accepted Slack request has been handled. */
  idle(): Promise<void>;
}

export async function startSlackTestApp(
  options: { config?: Partial<SlackConfig>; adapter?: SlackAdapterOptions; demoTeams?: string[]; sharedDb?: TestDatabase; app?: Pick<TestAppOptions, 'jobs' | 'surveyClock' | 'sendLimiter'> } = {},
): Promise<SlackTestApp> {
  const slack = await new FakeSlack().start();
  const config: SlackConfig = { signingSecret: TEST_SIGNING_SECRET, botToken: 'xoxb-test-token', apiUrl: slack.apiUrl, ...options.config };
  const app = await startTestApp({
    adapters: [slackAdapter(config, options.adapter)],
    demoTenants: (options.demoTeams ?? [TEAM]).map((externalId) => ({ platform: 'slack' as const, externalId })),
    sharedDb: options.sharedDb,
    ...options.app,
  });
  const adapter = app.app.adapters.find((a) => a.platform === 'slack') as SlackAdapter;
  return {
    ...app,
    slack,
    adapter,
    idle: () => adapter.idle(),
    close: async () => {
      await adapter.stop();
      await app.close();
      await slack.close();
    },
  };
}
