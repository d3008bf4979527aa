/**
 * OutgoingMessage → Adaptive Card (schema 1.4, what Teams needs for
 * Action.Execute). Buttons are Action.Execute, so Teams sends an
 * adaptiveCard/action invoke the bot answers with a refreshed card; each
 * falls back to Action.Submit on clients without Universal Actions, which
 * then arrives as a message carrying the same data.
 */
import type { Block, Button, OutgoingMessage } from '../core/types.js';
import type { CardActionData } from './parse.js';
import { linkRun, markdownBlocks, plainBlocks, run, safeUrl, type RichTextBlock } from './card-text.js';
import { surveyElements, type SurveyInput } from './survey-card.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: CardActionData;
  style?: 'positive' | 'destructive';
  fallback: { type: 'Action.Submit'; title: string; data: CardActionData };
}

export type CardElement =
  | RichTextBlock
  | { type: 'ActionSet'; actions: ExecuteAction[]; spacing?: 'Small' | 'Medium' }
  | { type: 'Image'; url: string; altText: string; separator?: boolean }
  | SurveyInput;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.4';
  body: CardElement[];
  fallbackText: string;
  msteams: { width: 'Full' };
}

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD;
  content: AdaptiveCard;
}

export function renderCard(message: OutgoingMessage): AdaptiveCard {
  const body: CardElement[] = [];
  let separateNext = false;
  for (const b of message.blocks) {
    if (b.kind === 'divider') {
      separateNext = true;
      continue;
    }
    const elements = renderBlock(b);
    if (separateNext && elements[0] && elements[0].type !== 'ActionSet') elements[0] = { ...elements[0], separator: true };
    separateNext = false;
    body.push(...elements);
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body,
    fallbackText: message.text,
    msteams: { width: 'Full' },
  };
}

export function cardAttachment(card: AdaptiveCard): CardAttachment {
  return { contentType: ADAPTIVE_CARD, content: card };
}

/** The card after a button was handled: same content, buttons replaced by the outcome (refresh in place). */
export function settledCard(card: AdaptiveCard, outcome: OutgoingMessage): AdaptiveCard {
  const body = card.body.filter((e) => e.type !== 'ActionSet');
  const outcomeBlocks = plainBlocks(outcome.text, { italic: true });
  if (outcomeBlocks[0]) outcomeBlocks[0] = { ...outcomeBlocks[0], separator: true };
  return { ...card, body: [...body, ...outcomeBlocks], fallbackText: `${card.fallbackText}\n\n${outcome.text}` };
}

function renderBlock(b: Exclude<Block, { kind: 'divider' }>): CardElement[] {
  switch (b.kind) {
    case 'heading':
      return [{ type: 'RichTextBlock', inlines: [run(b.text, { weight: 'Bolder', size: 'Medium' })] }];
    case 'text':
      return plainBlocks(b.text);
    case 'markdown':
      return markdownBlocks(b.text);
    case 'fields':
      return b.fields.map((f, i) => ({
        type: 'RichTextBlock',
        inlines: [run(`${f.label}: `, { weight: 'Bolder' }), run(f.value)],
        ...(i > 0 ? { spacing: 'None' as const } : {}),
      }));
    case 'source':
      return [{ type: 'RichTextBlock', inlines: [run(`${b.label}: `, { weight: 'Bolder' }), linkRun(b.link.label, b.link.url)] }];
    case 'links':
      return [
        { type: 'RichTextBlock', inlines: [run(b.label, { weight: 'Bolder' })] },
        ...b.links.map((l): RichTextBlock => ({ type: 'RichTextBlock', inlines: [run('• '), linkRun(l.label, l.url)], spacing: 'None' })),
      ];
    case 'actions': {
      const prompt = b.prompt ? plainBlocks(b.prompt) : [];
      return [...prompt, { type: 'ActionSet', actions: b.buttons.map(executeAction), spacing: 'Small' }];
    }
    case 'image':
      return safeUrl(b.url) ? [{ type: 'Image', url: b.url, altText: b.alt }] : [];
    case 'survey':
      return surveyElements(b.form);
  }
}

function executeAction(button: Button): ExecuteAction {
  const data: CardActionData = { actionId: button.id, value: button.value };
  const action: ExecuteAction = {
    type: 'Action.Execute',
    title: button.label,
    verb: button.id,
    data,
    fallback: { type: 'Action.Submit', title: button.label, data },
  };
  if (button.style === 'primary') action.style = 'positive';
  if (button.style === 'danger') action.style = 'destructive';
  return action;
}
