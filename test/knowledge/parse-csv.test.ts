import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../src/knowledge/import/csv-records.js';
import { parseCsvSheet, type CsvSource } from '../../src/knowledge/import/parse-csv.js';

function parse(text: string, extra: Partial<CsvSource> = {}) {
  return parseCsvSheet({ path: 'kb/faq.csv', sourcePath: 'faq.csv', slugBase: 'faq', text, ...extra });
}

describe('readCsvRecords (RFC 4180)', () => {
  it('handles quoted commas, doubled quotes, line breaks in quotes and CRLF', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line 1\nline 2"\r\nplain,,end\r\n';
    const { records, problem } = readCsvRecords(text);
    expect(problem).toBeUndefined();
    expect(records).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'say "hi"', 'line 1\nline 2'], line: 2 },
      { fields: ['plain', '', 'end'], line: 4 },
    ]);
  });

  it('reports an unterminated quote on the line it opens', () => {
    const { problem } = readCsvRecords('a,b\n1,2\n"open,3\n4,5\n');
    expect(problem).toEqual({ line: 3, message: expect.stringMatching(/unterminated quote.*line 3/) });
  });

  it('reports text after a closing quote', () => {
    expect(readCsvRecords('a,b\n"x"y,2\n').problem).toMatchObject({ line: 2 });
  });
});

describe('parseCsvSheet', () => {
  const header = 'question,answer,lang,title,tags,audience,slug,source';

  it('turns rows into article versions with the question as first alternate', () => {
    const { versions, problems } = parse(
      `\uFEFF${header}\n` +
        '"How do I reset my password?","Click **Forgot password**, then follow the e-mail.",en,,"login, password",,,sheet-1\n' +
        '怎么重置密码？,点击**忘记密码**。,zh,重置密码,,manager,password-reset,sheet-1\n',
    );
    expect(problems).toEqual([]);
    expect(versions).toEqual([
      {
        slug: 'faq-1',
        lang: 'en',
        title: 'How do I reset my password?',
        body: 'Click **Forgot password**, then follow the e-mail.',
        tags: ['login', 'password'],
        audience: ['all'],
        meta: { source: 'sheet-1' },
        sourcePath: 'faq.csv',
        sourceLine: 2,
        alternates: ['How do I reset my password?'],
      },
      {
        slug: 'password-reset',
        lang: 'zh-CN',
        title: '重置密码',
        body: '点击**忘记密码**。',
        tags: [],
        audience: ['manager'],
        meta: { source: 'sheet-1' },
        sourcePath: 'faq.csv',
        sourceLine: 3,
        alternates: ['怎么重置密码？'],
      },
    ]);
  });

  it('reports rows with the wrong number of columns on their own line, after multi-line rows', () => {
    const { versions, problems } = parse('question,answer,lang\n"q1","a1\nsecond line",en\nq2,a2\nq3,a3,en\n');
    expect(problems).toEqual([{ path: 'kb/faq.csv', line: 4, message: 'the row has 2 columns but the header has 3' }]);
    expect(versions.map((version) => version.slug)).toEqual(['faq-1', 'faq-3']);
  });

  it('reports missing required fields and bad values', () => {
    const { problems } = parse('question,answer,lang,audience\n,an answer,en,\nq,,en,\nq,a,fr,\nq,a,en,everyone\n');
    expect(problems).toEqual([
      { path: 'kb/faq.csv', line: 2, message: 'the question is empty' },
      { path: 'kb/faq.csv', line: 3, message: 'the answer is empty' },
      { path: 'kb/faq.csv', line: 4, message: expect.stringMatching(/unknown language "fr"/) },
      { path: 'kb/faq.csv', line: 5, message: expect.stringMatching(/audience "everyone"/) },
    ]);
  });

  it('reports a header without the required columns', () => {
    expect(parse('q,a\nx,y\n').problems).toEqual([
      { path: 'kb/faq.csv', line: 1, message: expect.stringMatching(/no question, answer, lang column/) },
    ]);
    expect(parse('').problems[0]).toMatchObject({ line: 1, message: expect.stringMatching(/empty/) });
  });

  it('takes the language from the folder when there is no lang column', () => {
    const { versions, problems } = parse('question,answer\nq,a\n', { folderLang: 'zh-CN' });
    expect(problems).toEqual([]);
    expect(versions[0]?.lang).toBe('zh-CN');
  });

  it('reports an unterminated quote with its line', () => {
    expect(parse('question,answer,lang\nq,"never closed,en\n').problems).toEqual([
      { path: 'kb/faq.csv', line: 2, message: expect.stringMatching(/unterminated quote/) },
    ]);
  });
});
