/** slack/manifest.yml asks for exactly the scopes and events the code uses. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_EVENTS, BOT_SCOPES } from '../../src/bot/slack/scopes.js';

describe('Slack app manifest', () => {
  it('lists every scope and event the adapter uses, and only those', async () => {
    const manifest = parse(await readFile(path.resolve(import.meta.dirname, '../../slack/manifest.yml'), 'utf8'));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS].sort());
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/ask', '/hypercare']);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
