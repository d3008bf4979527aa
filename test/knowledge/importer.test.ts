/**
 * Importing into PostgreSQL: all or nothing, idempotent re-imports, and a
 * running knowledge service that follows edits without a restart.
 */
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importKnowledge } from '../../src/knowledge/importer.js';
import { KnowledgeService } from '../../src/knowledge/service.js';
import { createSearchIndex } from '../../src/knowledge/search/index.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../db/helpers.js';

let db: TestDatabase;
let dir: string;
let tenantId: string;

const article = (title: string, lang: string, body: string, extra = '') =>
  `---\ntitle: "${title}"\nlang: ${lang}\ntags: [leave]\n${extra}---\n# ${title}\n\n${body}\n`;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'hc-import-'));
  tenantId = (await db.prisma.tenant.create({ data: { platform: 'local', externalId: 'import-test' } })).id;
});
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function writeKb(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}

describe('importKnowledge', () => {
  it('writes nothing when any file is bad, and names the file and line', async () => {
    const root = path.join(dir, 'bad');
    await writeKb(root, {
      'en/good.md': article('Good', 'en', 'Fine text about parental leave.'),
      'en/broken.md': '---\ntitle: "Broken\nlang: en\n---\nbody\n',
      'qa.csv': 'question,answer,lang\n"How do I fly?",Flap,xx\n',
    });
    const result = await importKnowledge(db.prisma, tenantId, root);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const where = result.problems.map((p) => `${path.basename(p.path)}:${p.line}`);
    expect(where).toEqual(expect.arrayContaining([expect.stringMatching(/^broken\.md:\d+$/), 'qa.csv:2']));
    expect(await db.prisma.article.count({ where: { tenantId } })).toBe(0);
    expect(await db.prisma.articleVersion.count({ where: { tenantId } })).toBe(0);
  });

  it('imports language versions as one article, skips unchanged ones on re-import, updates edited ones', async () => {
    const root = path.join(dir, 'good');
    await writeKb(root, {
      'en/leave-request.md': article('Request leave', 'en', 'Open Leave and click New request.'),
      'zh/leave-request.md': article('如何请假', 'zh-CN', '打开假期模块，点击新建申请。'),
      'en/admin-only.md': article('Approval limits', 'en', 'Administrators set approval limits.', 'audience: [admin]\n'),
    });
    const first = await importKnowledge(db.prisma, tenantId, root);
    expect(first).toMatchObject({ ok: true, summary: { articles: 2, created: 3, updated: 0, unchanged: 0 } });
    const versions = await db.prisma.articleVersion.findMany({ where: { tenantId, article: { slug: 'leave-request' } } });
    expect(versions.map((v) => v.lang).sort()).toEqual(['en', 'zh-CN']);
    const admin = await db.prisma.article.findFirstOrThrow({ where: { tenantId, slug: 'admin-only' } });
    expect(admin.audience).toEqual(['admin']);

    const again = await importKnowledge(db.prisma, tenantId, root);
    expect(again).toMatchObject({ ok: true, summary: { created: 0, updated: 0, unchanged: 3 } });

    await writeKb(root, { 'en/leave-request.md': article('Request leave', 'en', 'Open Leave, click New request, pick the dates.') });
    const edited = await importKnowledge(db.prisma, tenantId, root);
    expect(edited).toMatchObject({ ok: true, summary: { created: 0, updated: 1, unchanged: 2 } });
  });

  it('a running knowledge service answers from the new content after a re-import, without a restart', async () => {
    const knowledge = new KnowledgeService(db.prisma, createSearchIndex, silentLogger, { freshnessMs: 0 });
    const before = await knowledge.search(tenantId, 'how do I book a company car', { lang: 'en' });
    expect(before.find((h) => h.slug === 'fleet-booking')).toBeUndefined();

    const root = path.join(dir, 'good');
    await writeKb(root, { 'en/fleet-booking.md': article('Book a company car', 'en', 'Open Fleet, choose a car and book the dates you need the company car.') });
    expect((await importKnowledge(db.prisma, tenantId, root)).ok).toBe(true);
    const after = await knowledge.search(tenantId, 'how do I book a company car', { lang: 'en' });
    expect(after[0]?.slug).toBe('fleet-booking');
  });

  it('reports an empty folder instead of silently importing nothing', async () => {
    const root = path.join(dir, 'empty');
    await mkdir(root, { recursive: true });
    const result = await importKnowledge(db.prisma, tenantId, root);
    expect(result).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/no knowledge files/) }] });
  });
});
