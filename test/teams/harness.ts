/**
 * The real app with the Teams adapter mounted (startTestApp + adapters),
 * the stand-in connector, the recorded Teams fixtures pointed at it, and the
 * demo knowledge base loaded into the fixtures' Teams tenant.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TeamsConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { loadDemoKnowledgeIfEmpty } from '../../src/knowledge/demo.js';
import { teamsAdapter, type TeamsAdapterOptions } from '../../src/bot/teams/adapter.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startConnector, type StandInConnector } from './connector.js';

export const TENANT = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
export const BOT_ID = '28:11111111-2222-3333-4444-555555555555';
export const USER_AAD = '00000000-1111-2222-3333-444444444444';
export const PERSONAL_CONVERSATION =
  'a:1FakePersonalConversationIdAbcDefGhiJklMnoPqrStuVwxYz0123456789AbcDefGhiJklMnoPqrStuVwxYz0123456789AbcDefGhiJklMnoPqrStu';
export const CHANNEL = '19:0123456789abcdef0123456789abcdef@thread.tacv2';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.resolve(repoRoot, '../shared/fixtures/teams');

export const UNAUTHENTICATED: TeamsConfig = {
  appId: '',
  appType: 'MultiTenant',
  allowUnauthenticated: true,
  allowedTenants: [],
};

export interface TeamsTestApp {
  t: TestApp;
  connector: StandInConnector;
  /** A recorded activity with its serviceUrl pointed at the stand-in connector, plus overrides. */
  fixture(name: string, overrides?: Record<string, unknown>): Promise<any>;
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** The Hypercare tenant row of the fixtures' Teams tenant. */
  teamsTenantId(): Promise<string>;
  close(): Promise<void>;
}

export async function startTeamsApp(config: TeamsConfig = UNAUTHENTICATED, options: TeamsAdapterOptions = {}): Promise<TeamsTestApp> {
  const connector = await startConnector(TENANT);
  const t = await startTestApp({ adapters: [teamsAdapter(config, options)] });
  const tenant = await t.app.tenants.ensure('teams', TENANT);
  await loadDemoKnowledgeIfEmpty(t.db.prisma, tenant.id, silentLogger);
  return {
    t,
    connector,
    async fixture(name, overrides = {}) {
      const activity = JSON.parse(await readFile(path.join(FIXTURES, `${name}.json`), 'utf8'));
      return { ...activity, serviceUrl: connector.serviceUrl, ...overrides };
    },
    async post(activity, headers = {}) {
      const res = await fetch(`${t.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body: typeof activity === 'string' ? activity : JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    teamsTenantId: async () => tenant.id,
    async close() {
      await t.close();
      await connector.close();
    },
  };
}

/** The Adaptive Card a connector call carried. */
export function cardOf(call: { body: any } | undefined): any {
  const attachment = call?.body?.attachments?.[0];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error(`not a card: ${JSON.stringify(call?.body)}`);
  return attachment.content;
}

/** All text of a card's TextRuns, one line per block. */
export function cardText(card: any): string {
  return (card.body as any[])
    .filter((e) => e.type === 'RichTextBlock')
    .map((e) => (e.inlines as any[]).map((r) => r.text).join(''))
    .join('\n');
}

export function cardActions(card: any): any[] {
  return (card.body as any[]).filter((e) => e.type === 'ActionSet').flatMap((e) => e.actions);
}
