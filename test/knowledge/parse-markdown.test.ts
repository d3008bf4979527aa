import { describe, expect, it } from 'vitest';
import { parseMarkdownArticle, type MarkdownSource } from '../../src/knowledge/import/parse-markdown.js';

function parse(text: string, extra: Partial<MarkdownSource> = {}) {
  return parseMarkdownArticle({ path: 'kb/en/leave--request.md', sourcePath: 'en/leave--request.md', slug: 'leave--request', text, ...extra });
}

describe('parseMarkdownArticle', () => {
  it('reads front matter, body and unknown keys', () => {
    const { versions, problems } = parse(
      [
        '---',
        'title: Request leave',
        'lang: en',
        'tags: [leave, time off]',
        'audience: [manager, champion]',
        'owner: hr-team@example.com',
        'review-by: 2026-03-31',
        'source: "hr/leave.rst"',
        'licence: CC-BY-SA-4.0',
        '---',
        '',
        '# Request leave',
        '',
        'Open **Time Off** and click **New**.',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(versions).toHaveLength(1);
    const version = versions[0]!;
    expect(version).toMatchObject({
      slug: 'leave--request',
      lang: 'en',
      title: 'Request leave',
      tags: ['leave', 'time off'],
      audience: ['manager', 'champion'],
      owner: 'hr-team@example.com',
      meta: { source: 'hr/leave.rst', licence: 'CC-BY-SA-4.0' },
      sourcePath: 'en/leave--request.md',
      alternates: [],
    });
    expect(version.reviewBy?.toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(version.body.startsWith('# Request leave')).toBe(true);
  });

  it('accepts review_by, comma-separated tags and audience, and zh language aliases', () => {
    for (const alias of ['zh', 'zh-cn', 'zh_CN', 'ZH-CN']) {
      const { versions, problems } = parse(`---\nlang: ${alias}\ntitle: 请假\ntags: 假期, 请假\naudience: manager, admin\nreview_by: 2026-01-05\n---\n正文`);
      expect(problems).toEqual([]);
      expect(versions[0]).toMatchObject({ lang: 'zh-CN', tags: ['假期', '请假'], audience: ['manager', 'admin'] });
      expect(versions[0]?.reviewBy?.toISOString().slice(0, 10)).toBe('2026-01-05');
    }
  });

  it('defaults: title from the first # heading, language from the folder, audience all', () => {
    const { versions, problems } = parse('# Reset your password\n\nClick **Forgot password**.', { folderLang: 'en' });
    expect(problems).toEqual([]);
    expect(versions[0]).toMatchObject({ title: 'Reset your password', lang: 'en', audience: ['all'], tags: [] });
  });

  it('reports a missing language when there is no folder to infer it from', () => {
    const { versions, problems } = parse('---\ntitle: x\n---\nbody');
    expect(versions).toEqual([]);
    expect(problems).toEqual([{ path: 'kb/en/leave--request.md', line: 1, message: expect.stringContaining('no language') }]);
  });

  it('maps a YAML error to the file line', () => {
    // The bracket opened on file line 3 is found unclosed on line 4 (YAML line 3).
    const unclosed = parse('---\ntitle: ok\ntags: [a, b\nlang: en\n---\nbody');
    expect(unclosed.problems).toEqual([
      { path: 'kb/en/leave--request.md', line: 4, message: expect.stringMatching(/^the front matter is not valid YAML: /) },
    ]);
    const nested = parse('---\ntitle: ok\nlang: en: us\n---\nbody');
    expect(nested.problems).toEqual([{ path: 'kb/en/leave--request.md', line: 3, message: expect.stringMatching(/not valid YAML/) }]);
    const duplicate = parse('---\ntitle: a\nlang: en\ntitle: b\n---\nbody');
    expect(duplicate.problems).toEqual([{ path: 'kb/en/leave--request.md', line: 4, message: expect.stringMatching(/unique/) }]);
  });

  it('names the line of a bad field', () => {
    const text = (line: string) => `---\ntitle: Leave\n${line}\n---\nbody`;
    const cases: [string, RegExp][] = [
      ['lang: fr', /unknown language "fr"/],
      ['audience: [all, bosses]', /audience "bosses" is not one of all, admin, manager, engineer, champion/],
      ['review-by: 31/03/2026', /review-by "31\/03\/2026" is not a date written YYYY-MM-DD/],
      ['review-by: 2026-02-30', /not a real calendar date/],
    ];
    for (const [line, message] of cases) {
      const { versions, problems } = parse(text(line), { folderLang: 'en' });
      expect(versions).toEqual([]);
      expect(problems).toEqual([{ path: 'kb/en/leave--request.md', line: 3, message: expect.stringMatching(message) }]);
    }
  });

  it('reports an empty body on the line where the body starts', () => {
    const { problems } = parse('---\ntitle: Leave\nlang: en\n---\n\n# Leave\n\n');
    expect(problems).toEqual([{ path: 'kb/en/leave--request.md', line: 5, message: 'the article body is empty' }]);
  });

  it('reports front matter that never closes, and a missing title', () => {
    expect(parse('---\ntitle: Leave\nlang: en\nbody').problems[0]).toMatchObject({ line: 1, message: expect.stringMatching(/no closing/) });
    expect(parse('Just text.', { folderLang: 'en' }).problems[0]).toMatchObject({ line: 1, message: expect.stringMatching(/no title/) });
  });

  it('reports a language that contradicts the folder', () => {
    const { problems } = parse('---\ntitle: x\nlang: zh-CN\n---\nbody', { folderLang: 'en' });
    expect(problems[0]).toMatchObject({ line: 3, message: expect.stringMatching(/does not match the language folder/) });
  });

  it('collects several problems of one file at once', () => {
    const { problems } = parse('---\ntitle: x\nlang: fr\naudience: everyone\nreview-by: soon\n---\nbody');
    expect(problems.map((problem) => problem.line)).toEqual([3, 4, 5]);
  });
});
