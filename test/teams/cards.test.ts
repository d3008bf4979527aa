/** Adaptive Card rendering and Teams text parsing as plain functions. */
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/bot/teams/cards.js';
import { markdownBlocks } from '../../src/bot/teams/card-text.js';
import { questionText } from '../../src/bot/teams/parse.js';
import { inboundActivity } from '../../src/bot/teams/activity.js';

describe('renderCard', () => {
  it('shows raw text literally: Markdown, HTML and card functions are never interpreted', () => {
    const raw = '*not bold* <b>tag</b> [x](javascript:alert(1)) {{DATE(2017-02-14T06:08:39Z, SHORT)}}';
    const card = renderCard({ lang: 'en', text: raw, blocks: [{ kind: 'heading', text: raw }, { kind: 'text', text: raw }] });
    const runs = card.body.flatMap((e: any) => e.inlines ?? []);
    expect(runs.every((r: any) => r.type === 'TextRun' && r.selectAction === undefined)).toBe(true);
    expect(runs[0].text).toBe('*not bold* <b>tag</b> [x](javascript:alert(1)) {\u200B{DATE(2017-02-14T06:08:39Z, SHORT)}}');
    expect(card.body.some((e: any) => e.type === 'TextBlock')).toBe(false);
  });

  it('converts article Markdown to runs: bold, links (http only), bullets and numbers', () => {
    const blocks = markdownBlocks('1. Open **Expenses**\n2. Click [New](https://erp.example/new)\n\n- see [bad](javascript:x)');
    expect(blocks[0]!.inlines).toEqual([
      { type: 'TextRun', text: '1. ' },
      { type: 'TextRun', text: 'Open ' },
      { type: 'TextRun', text: 'Expenses', weight: 'Bolder' },
    ]);
    expect(blocks[1]!.inlines[2]).toEqual({ type: 'TextRun', text: 'New', selectAction: { type: 'Action.OpenUrl', url: 'https://erp.example/new' } });
    expect(blocks[2]).toMatchObject({ spacing: 'Small', inlines: [{ text: '• ' }, { text: 'see ' }, { text: 'bad' }] });
    expect(blocks[2]!.inlines[2]!.selectAction).toBeUndefined();
  });

  it('renders buttons as Action.Execute with an Action.Submit fallback carrying the same data', () => {
    const card = renderCard({
      lang: 'en',
      text: 't',
      blocks: [{ kind: 'actions', prompt: 'Did this help?', buttons: [{ id: 'a', value: 'v', label: 'Yes', style: 'primary' }, { id: 'a', value: 'w', label: 'No', style: 'danger' }] }],
    });
    const set = card.body.find((e) => e.type === 'ActionSet') as any;
    expect(set.actions[1]).toEqual({
      type: 'Action.Execute',
      title: 'No',
      verb: 'a',
      data: { actionId: 'a', value: 'w' },
      style: 'destructive',
      fallback: { type: 'Action.Submit', title: 'No', data: { actionId: 'a', value: 'w' } },
    });
  });
});

describe('questionText', () => {
  const base = {
    type: 'message',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    from: { id: '29:u' },
    recipient: { id: '28:bot', name: 'Hypercare' },
    conversation: { id: '19:c@thread.tacv2', conversationType: 'channel' },
  };
  it('drops the bot\'s mention, keeps other people\'s names and decodes entities', () => {
    const activity = inboundActivity.parse({
      ...base,
      text: '<at>Hypercare</at> can <at>Li Lei</at> approve &lt;PO&gt; &amp; invoices?',
      entities: [
        { type: 'mention', text: '<at>Hypercare</at>', mentioned: { id: '28:bot', name: 'Hypercare' } },
        { type: 'mention', text: '<at>Li Lei</at>', mentioned: { id: '29:li', name: 'Li Lei' } },
      ],
    });
    expect(questionText(activity)).toBe('can Li Lei approve <PO> & invoices?');
  });
});
