/**
 * Which chat platforms this process serves, from configuration. The local
 * channel is always wired by the app; Slack and Teams join when configured.
 */
import type { Config } from '../config.js';
import type { AdapterFactory } from './core/adapter.js';
import { teamsAdapter } from './teams/adapter.js';
import { slackAdapter } from './slack/adapter.js';

export function platformAdapters(config: Config): AdapterFactory[] {
  const factories: AdapterFactory[] = [];
  if (config.slack) factories.push(slackAdapter(config.slack));
  if (config.teams) factories.push(teamsAdapter(config.teams));
  return factories;
}
