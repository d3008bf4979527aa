import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readKnowledgeFolder, slugOfPath } from '../../src/knowledge/import/read-folder.js';

let root: string;

async function put(relative: string, content: string | Uint8Array): Promise<void> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kb-read-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('slugOfPath', () => {
  it('drops the language folder and the extension', () => {
    expect(slugOfPath('en/leave--request.md')).toEqual({ slug: 'leave--request', folderLang: 'en' });
    expect(slugOfPath('zh/leave--request.md')).toEqual({ slug: 'leave--request', folderLang: 'zh-CN' });
    expect(slugOfPath('hr/en/x.md')).toEqual({ slug: 'hr/x', folderLang: 'en' });
    expect(slugOfPath('hr/zh_CN/x.markdown')).toEqual({ slug: 'hr/x', folderLang: 'zh-CN' });
    expect(slugOfPath('misc/x.md')).toEqual({ slug: 'misc/x' });
  });
});

describe('readKnowledgeFolder', () => {
  it('reads language versions, CSV sheets and nested folders, and skips what is not knowledge', async () => {
    await put('en/leave--request.md', '---\ntitle: Request leave\n---\nOpen Time Off.');
    await put('zh/leave--request.md', '---\ntitle: 申请休假\n---\n打开休假应用。');
    await put('hr/en/payslip.md', '# Payslips\n\nOpen Payroll.');
    await put('loose.md', '---\ntitle: Loose\nlang: en\n---\nNo language folder.');
    await put('faq/en/common.csv', 'question,answer\nWhere is my payslip?,In Payroll.\n');
    for (const skipped of ['README.md', 'readme.MD', 'ATTRIBUTION.md', 'en/_draft.md', 'en/.hidden.md', 'dev-questions.jsonl', 'notes.txt', '_private/en/x.md']) {
      await put(skipped, 'this would not parse: ---\n');
    }
    const progress: [number, number][] = [];
    const { versions, errors } = await readKnowledgeFolder(root, { onProgress: (done, total) => progress.push([done, total]) });
    expect(errors).toEqual([]);
    expect(versions.map((v) => `${v.slug}|${v.lang}|${v.sourcePath}`).sort()).toEqual([
      'faq/common-1|en|faq/en/common.csv',
      'hr/payslip|en|hr/en/payslip.md',
      'leave--request|en|en/leave--request.md',
      'leave--request|zh-CN|zh/leave--request.md',
      'loose|en|loose.md',
    ]);
    expect(progress).toEqual([[1, 5], [2, 5], [3, 5], [4, 5], [5, 5]]);
  });

  it('collects every problem of every file, naming path and line', async () => {
    await put('en/a.md', '---\ntitle: A\naudience: [all, bosses]\n---\nbody');
    await put('en/b.md', '---\ntitle: B\nreview-by: tomorrow\n---\nbody');
    await put('en/c.md', '---\ntitle: C\n---\n');
    await put('faq.csv', 'question,answer,lang\nq,a\n"open,x,en\n');
    await put('en/ok.md', '# Fine\n\nA fine article.');
    const { versions, errors } = await readKnowledgeFolder(root);
    expect(versions.map((v) => v.slug)).toEqual(['ok']);
    expect(errors.map((e) => [path.relative(root, e.path), e.line])).toEqual([
      ['en/a.md', 3],
      ['en/b.md', 3],
      ['en/c.md', 4],
      ['faq.csv', 3],
    ]);
    expect(errors.every((e) => e.message.length > 10)).toBe(true);
  });

  it('reports a duplicate slug and language within one import, with the line of the duplicate', async () => {
    await put('en/x.md', '# X\n\nbody');
    await put('x.md', '---\ntitle: X again\nlang: en\n---\nbody');
    await put('faq.csv', 'question,answer,lang,slug\nq1,a1,en,dup\n"q2","a2\non two lines",en,other\nq3,a3,en,dup\n');
    const { versions, errors } = await readKnowledgeFolder(root);
    expect(versions.map((v) => v.slug).sort()).toEqual(['dup', 'other', 'x']);
    expect(errors).toEqual([
      { path: path.join(root, 'faq.csv'), line: 5, message: expect.stringMatching(/duplicate article: "dup" \(en\) is also defined in .*faq\.csv line 2/) },
      { path: path.join(root, 'x.md'), line: 1, message: expect.stringMatching(/duplicate article: "x" \(en\) is also defined in .*en\/x\.md line 1/) },
    ]);
  });

  it('rejects invalid UTF-8 with the line of the bad bytes, and files over 1 MB', async () => {
    const latin1 = Buffer.concat([Buffer.from('# Café\n\nline two\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]);
    await put('en/latin1.md', latin1);
    await put('en/huge.md', `# Huge\n\n${'x'.repeat(1024 * 1024)}`);
    const { versions, errors } = await readKnowledgeFolder(root);
    expect(versions).toEqual([]);
    expect(errors).toEqual([
      { path: path.join(root, 'en/huge.md'), line: 1, message: expect.stringMatching(/at most 1 MB/) },
      { path: path.join(root, 'en/latin1.md'), line: 4, message: expect.stringMatching(/not valid UTF-8/) },
    ]);
  });

  it('reads a single file, taking the language from its folder', async () => {
    await put('zh/one.md', '# 一篇\n\n正文。');
    const { versions, errors } = await readKnowledgeFolder(path.join(root, 'zh/one.md'));
    expect(errors).toEqual([]);
    expect(versions).toMatchObject([{ slug: 'one', lang: 'zh-CN', title: '一篇', sourcePath: 'one.md' }]);
  });

  it('reports a missing root', async () => {
    const missing = path.join(root, 'nope');
    expect(await readKnowledgeFolder(missing)).toEqual({ versions: [], errors: [{ path: missing, line: 1, message: 'no such file or folder' }] });
  });

  it('reads the shared Odoo HR knowledge base without problems', async () => {
    const { versions, errors } = await readKnowledgeFolder(fileURLToPath(new URL('../../../shared/kb/odoo-hr', import.meta.url)));
    expect(errors).toEqual([]);
    expect(versions).toHaveLength(68);
    const zh = versions.find((v) => v.slug === 'appraisals--360' && v.lang === 'zh-CN');
    expect(zh).toMatchObject({ title: '360 反馈', audience: ['all'], meta: { source: 'content/applications/hr/appraisals/360.rst' } });
  });
});
