/**
 * The router's contract, driven with IncomingMessages as any adapter would
 * produce them, over a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../src/bot/core/types.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

function message(overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    platform: 'slack',
    tenantId: 'T00FAKE00AA',
    threadId: 'slack:T00FAKE00AA:C1:1700000000.0001',
    messageId: `ev-${Math.random()}`,
    author: { id: 'U1', isBot: false, isMe: false },
    text: 'help',
    ...overrides,
  };
}

describe('Router', () => {
  it('never answers the bot itself or other bots', async () => {
    expect(await t.app.router.route(message({ author: { id: 'B1', isBot: true, isMe: true } }))).toEqual([]);
    expect(await t.app.router.route(message({ author: { id: 'B2', isBot: true, isMe: false } }))).toEqual([]);
    expect(await t.db.prisma.processedEvent.count()).toBe(0);
  });

  it('answers a redelivered event exactly once, even when both copies arrive together', async () => {
    const msg = message({ messageId: 'Ev-dup-1', text: 'How do I reset my password?' });
    const results = await Promise.all([t.app.router.route(msg), t.app.router.route(msg), t.app.router.route({ ...msg })]);
    expect(results.map((r) => r.length).sort()).toEqual([0, 0, 1]);
    const tenant = await t.app.tenants.ensure('slack', 'T00FAKE00AA');
    expect(await t.db.prisma.question.count({ where: { tenantId: tenant.id, messageId: 'Ev-dup-1' } })).toBe(1);
  });

  it('keeps the same message id apart across tenants', async () => {
    const a = await t.app.router.route(message({ tenantId: 'T-A', messageId: 'same-id' }));
    const b = await t.app.router.route(message({ tenantId: 'T-B', messageId: 'same-id' }));
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
  });

  it('uses the platform locale when the message does not tell the language', async () => {
    const [reply] = await t.app.router.route(message({ author: { id: 'U-zh', isBot: false, isMe: false }, text: '👍', locale: 'zh-CN' }));
    expect(reply!.lang).toBe('zh-CN');
    expect(reply!.text).toMatch(/我只能读文字/);
  });

  it('a message sees what the one before it in the same conversation changed, even when both arrive together', async () => {
    const author = { id: 'U-order', isBot: false, isMe: false };
    const threadId = 'slack:T00FAKE00AA:D-order:1700000000.0002';
    const [switched, answered] = await Promise.all([
      t.app.router.route(message({ author, threadId, text: 'lang zh' })),
      t.app.router.route(message({ author, threadId, text: 'help' })),
    ]);
    expect(switched[0]!.lang).toBe('zh-CN');
    // "help" alone is English; the person's chosen language, set by the message before, wins.
    expect(answered[0]!.lang).toBe('zh-CN');
  });

});

describe('a failing handler', () => {
  it('gets an apology with the error code, not a crash or a platform retry', async () => {
    const broken = await startTestApp({
      demo: false,
      createIndex: () => ({
        search: () => {
          throw Object.assign(new Error('index exploded'), { code: 'storage_error' });
        },
      }),
    });
    try {
      const [reply] = await broken.app.router.route(message({ text: 'How do I reset my password?' }));
      expect(reply!.text).toBe('Sorry, something went wrong on my side (code: storage_error). Please try again in a minute.');
    } finally {
      await broken.close();
    }
  });
});

describe('tenant isolation', () => {
  it("tenant A's articles never answer tenant B", async () => {
    // The local tenant has the demo knowledge base; a Slack workspace has none.
    const local = await t.ask('zed', 'How do I submit an expense claim?');
    expect(local[0]!.blocks[0]).toMatchObject({ text: 'Submit an expense claim' });
    const [other] = await t.app.router.route(message({ tenantId: 'T-EMPTY', text: 'How do I submit an expense claim?' }));
    expect(other!.blocks[0]).toMatchObject({ kind: 'heading', text: "I don't know the answer to that yet" });
    expect(JSON.stringify(other)).not.toContain('expenses-submit-claim');
  });
});
