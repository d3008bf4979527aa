/**
 * With an app id configured, /api/messages accepts only activities carrying
 * a Bot Framework channel token that botbuilder's real validation accepts,
 * checked against OpenID metadata and keys served locally
 * (TeamsConfig.openIdMetadataUrl). Rejected requests run no Hypercare code:
 * no tenant, no event, no reply.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TeamsConfig } from '../../src/config.js';
import { newKey, startOpenId, type OpenIdStandIn } from './openid.js';
import { TENANT, cardOf, startTeamsApp, type TeamsTestApp } from './harness.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const OUTBOUND_TOKEN = 'outbound-token-from-stand-in-azure-ad';

/** The real credential factory (it validates the token's audience), with Azure AD's token endpoint stood in. */
class StandInAzureAd extends ConfigurationServiceClientCredentialFactory {
  override async createCredentials() {
    return {
      signRequest: async (request: any) => {
        request.headers.set('authorization', `Bearer ${OUTBOUND_TOKEN}`);
        return request;
      },
    };
  }
}

let openId: OpenIdStandIn;
let h: TeamsTestApp;

beforeAll(async () => {
  openId = await startOpenId();
  const config: TeamsConfig = {
    appId: APP_ID,
    appPassword: 'not-a-real-password',
    appType: 'MultiTenant',
    allowUnauthenticated: false,
    allowedTenants: [],
    openIdMetadataUrl: openId.metadataUrl,
  };
  h = await startTeamsApp(config, { credentialsFactory: new StandInAzureAd({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-password' }) });
});
afterAll(async () => {
  await h?.close();
  await openId?.close();
});
beforeEach(() => {
  h.connector.calls.length = 0;
});

async function nothingRan(): Promise<void> {
  expect(h.connector.calls).toEqual([]);
  expect(await h.t.db.prisma.processedEvent.count()).toBe(0);
  expect(await h.t.db.prisma.user.count({ where: { platform: 'teams' } })).toBe(0);
}

describe('Bot Framework authentication', () => {
  it('refuses an activity without a token', async () => {
    const res = await h.post(await h.fixture('message_personal'));
    expect(res.status).toBe(401);
    await nothingRan();
  });

  it('refuses a token in the wrong scheme', async () => {
    const token = openId.token({ aud: APP_ID, serviceurl: h.connector.serviceUrl });
    expect((await h.post(await h.fixture('message_personal'), { authorization: `Basic ${token}` })).status).toBe(401);
    await nothingRan();
  });

  it('refuses a token signed by a key the metadata does not list', async () => {
    const stranger = newKey('unknown-key');
    const token = openId.token({ aud: APP_ID, serviceurl: h.connector.serviceUrl }, stranger);
    expect((await h.post(await h.fixture('message_personal'), { authorization: `Bearer ${token}` })).status).toBe(401);
    await nothingRan();
  });

  it('refuses a token with the served key id but a forged signature', async () => {
    const forged = { kid: openId.servedKey.kid, privateKey: newKey('x').privateKey };
    const token = openId.token({ aud: APP_ID, serviceurl: h.connector.serviceUrl }, forged);
    expect((await h.post(await h.fixture('message_personal'), { authorization: `Bearer ${token}` })).status).toBe(401);
    await nothingRan();
  });

  it('refuses a valid signature for another bot (audience)', async () => {
    const token = openId.token({ aud: 'another-bot', serviceurl: h.connector.serviceUrl });
    expect((await h.post(await h.fixture('message_personal'), { authorization: `Bearer ${token}` })).status).toBe(401);
    await nothingRan();
  });

  it('accepts a token signed by the served key and replies with the app\'s outbound token', async () => {
    const activity = await h.fixture('message_personal');
    const token = openId.token({ aud: APP_ID, serviceurl: activity.serviceUrl });
    const res = await h.post(activity, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(h.connector.calls).toHaveLength(1);
    expect(h.connector.calls[0]!.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(cardOf(h.connector.calls[0]).body.length).toBeGreaterThan(0);
    expect(await h.t.db.prisma.user.count({ where: { platform: 'teams', tenant: { externalId: TENANT } } })).toBe(1);
  });
});
