/** Block Kit rendering and mrkdwn escaping of user and article text. */
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../src/bot/slack/render.js';
import { escapeMrkdwn, markdownToMrkdwn, mrkdwnLink } from '../../src/bot/slack/mrkdwn.js';
import { parseSlackThreadId, slackThreadId } from '../../src/bot/slack/thread-ids.js';
import { stripMentions } from '../../src/bot/slack/parse-events.js';

describe('mrkdwn', () => {
  it('escapes &, < and > so mentions and links in text stay text', () => {
    expect(escapeMrkdwn('<!channel> <!here> <@U123> a & b <https://evil|https://good>')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; a &amp; b &lt;https://evil|https://good&gt;',
    );
  });

  it('converts article Markdown: bold, headings, lists, links', () => {
    const md = '# Submit a claim\n**Open** Expenses, then:\n- click *New*\n- attach <!here> the receipt\n1. Save\nSee [the guide](https://docs.example/guide).';
    const expected = '*Submit a claim*\n*Open* Expenses, then:\n• click *New*\n• attach &lt;!here&gt; the receipt\n1. Save\nSee <https://docs.example/guide|the guide>.';
    expect(markdownToMrkdwn(md)).toBe(expected);
    // Passages are kept converted (the same ones answer most questions): a second answer, and a
    // passage that differs by one character, each get their own right conversion.
    expect(markdownToMrkdwn(md)).toBe(expected);
    expect(markdownToMrkdwn(md.replace('<!here>', '<!channel>'))).toBe(expected.replace('&lt;!here&gt;', '&lt;!channel&gt;'));
    // Past the size kept, still converted.
    expect(markdownToMrkdwn(`**${'x'.repeat(5000)}**`)).toBe(`*${'x'.repeat(5000)}*`);
  });

  it('shows the real address of a disguised link and drops non-http links', () => {
    expect(mrkdwnLink('https://evil.example/x', 'https://good.example')).toBe('https://good.example (<https://evil.example/x>)');
    expect(mrkdwnLink('javascript:alert(1)', 'click')).toBe('click');
    expect(mrkdwnLink('https://ok.example/a', 'a|<@U1>')).toBe('<https://ok.example/a|a¦&lt;@U1&gt;>');
    expect(markdownToMrkdwn('[www.bank.com](https://evil.example)')).toBe('www.bank.com (<https://evil.example/>)');
  });
});

describe('renderMessage', () => {
  it('renders every block kind within Block Kit limits, escaping the fallback text', () => {
    const out = renderMessage({
      lang: 'en',
      text: 'Hi <!channel>',
      blocks: [
        { kind: 'heading', text: 'H'.repeat(200) },
        { kind: 'markdown', text: '**x** <@U1>' },
        { kind: 'text', text: 'y'.repeat(7000) },
        { kind: 'fields', fields: [{ label: 'A', value: '<b>' }] },
        { kind: 'source', label: 'Source', link: { label: 'Guide', url: 'http://hypercare.test/a' } },
        { kind: 'links', label: 'Related', links: [{ label: 'One', url: 'http://hypercare.test/1' }] },
        { kind: 'actions', prompt: 'Did this help?', buttons: [{ id: 'answer.feedback', value: 'q|yes', label: 'Yes', style: 'primary' }, { id: 'answer.feedback', value: 'q|no', label: 'No' }] },
        { kind: 'image', url: 'https://img.example/a.png', alt: 'screen' },
        { kind: 'image', url: 'file:///etc/passwd', alt: 'bad' },
        { kind: 'divider' },
      ],
    });
    expect(out.text).toBe('Hi &lt;!channel&gt;');
    expect(out.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'section', 'context', 'section', 'section', 'actions', 'image', 'divider']);
    expect((out.blocks[0] as any).text.text).toHaveLength(150);
    expect((out.blocks[1] as any).text.text).toBe('*x* &lt;@U1&gt;');
    expect(out.blocks.every((b) => (b as any).type !== 'section' || !(b as any).text || (b as any).text.text.length <= 3000)).toBe(true);
    expect((out.blocks[9] as any).elements.map((e: any) => e.action_id)).toEqual(['answer.feedback#0', 'answer.feedback#1']);
  });
});

describe('thread ids and mentions', () => {
  it('round-trips thread ids', () => {
    expect(parseSlackThreadId(slackThreadId({ tenant: 'T1', channel: 'C1', threadTs: '1.2' }))).toEqual({ tenant: 'T1', channel: 'C1', threadTs: '1.2' });
    expect(parseSlackThreadId('slack:T1:D1')).toEqual({ tenant: 'T1', channel: 'D1' });
    expect(() => parseSlackThreadId('teams:x:y')).toThrow();
  });

  it('strips only the bot\'s own mention and decodes Slack entities', () => {
    expect(stripMentions('<@UBOT> ask <@UOTHER> about A &amp; B <https://x.example|x>', 'UBOT')).toBe('ask <@UOTHER> about A & B x');
  });
});
