/**
 * Teams sends no email with a message; the member lookup on the connector
 * gives it, and the person is linked to their roster entry, which makes them
 * reachable for surveys and digests by their roster attributes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/adoption/roster.js';
import { startTeamsApp, TENANT, USER_AAD, type TeamsTestApp } from './harness.js';

const USER_MRI = '29:1xXxFakeUserBase64IdStringForTeamsPlatformAbcDeFgHiJkLmNoPqRsTuVwXyZ012345ABCDEF';

describe('Teams accounts and the roster', () => {
  let h: TeamsTestApp;
  let tenantId: string;

  beforeAll(async () => {
    h = await startTeamsApp();
    tenantId = await h.teamsTenantId();
    const roster = [
      'email,name,department,role,manager,site,wave,go-live date',
      'lead@contoso.example,Lee Lead,HR,manager,,Shenzhen,Pilot,2025-03-01',
      'test.user@contoso.example,Test User,HR,end_user,lead@contoso.example,Shenzhen,Pilot,2025-03-01',
    ].join('\n');
    expect((await importRoster(h.t.db.prisma, tenantId, roster, { now: () => new Date('2025-06-01T00:00:00Z') })).ok).toBe(true);
    h.connector.members.set(USER_MRI, { id: USER_MRI, name: 'Test User', aadObjectId: USER_AAD, email: 'Test.User@contoso.example', userPrincipalName: 'test.user@contoso.example', tenantId: TENANT });
  });
  afterAll(async () => h?.close());

  it('looks the member up once, links them to the roster, and a digest can then reach them privately', async () => {
    const message = await h.fixture('message_personal', { text: 'How do I request leave?', id: 'roster-link-1' });
    expect((await h.post(message)).status).toBe(200);
    const second = await h.fixture('message_personal', { text: 'How do I reset my password?', id: 'roster-link-2' });
    expect((await h.post(second)).status).toBe(200);
    expect(h.connector.memberLookups).toEqual([USER_MRI]);

    const person = await h.t.db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'test.user@contoso.example' }, include: { manager: true, department: true } });
    expect(person.platformUserId).toBe(USER_AAD);
    expect(person.manager?.email).toBe('lead@contoso.example');
    expect(person.department?.name).toBe('HR');
    expect(await h.t.db.prisma.question.count({ where: { tenantId, userId: person.id } })).toBe(2);

    const note = { lang: 'en' as const, text: 'Survey time', blocks: [{ kind: 'text' as const, text: 'Survey time' }] };
    expect(await h.t.app.outbound.deliverToUser({ tenantId, userId: person.id, deliveryKey: 'test:teams:link', kind: 'survey', message: note })).toBe('sent');
    // The lead never opened the bot: Teams gives no way to write to them yet.
    const lead = await h.t.db.prisma.user.findFirstOrThrow({ where: { tenantId, email: 'lead@contoso.example' } });
    expect(await h.t.app.outbound.deliverToUser({ tenantId, userId: lead.id, deliveryKey: 'test:teams:lead', kind: 'digest', message: note })).toBe('unreachable');
  });
});
