/** TEAMS_ALLOWED_TENANTS: activities from any other tenant get 403 and leave no trace. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UNAUTHENTICATED, startTeamsApp, type TeamsTestApp } from './harness.js';

let h: TeamsTestApp;
beforeAll(async () => {
  h = await startTeamsApp({ ...UNAUTHENTICATED, allowedTenants: ['99999999-0000-0000-0000-000000000000'] });
});
afterAll(async () => {
  await h?.close();
});

it('refuses a tenant outside the allow-list with 403, storing and answering nothing', async () => {
  for (const name of ['message_personal', 'message_channel_mention', 'invoke_adaptiveCard_action', 'installationUpdate_add_team']) {
    expect((await h.post(await h.fixture(name))).status).toBe(403);
  }
  expect(h.connector.calls).toEqual([]);
  expect(await h.t.db.prisma.processedEvent.count()).toBe(0);
  expect(await h.t.db.prisma.user.count({ where: { platform: 'teams' } })).toBe(0);
  expect(await h.t.db.prisma.installation.count()).toBe(0);
});
