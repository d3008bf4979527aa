/**
 * OutgoingMessage → Block Kit. Text is escaped for mrkdwn (see mrkdwn.ts) or
 * sent as plain_text, and cut to Block Kit's limits so Slack never refuses a
 * reply for being too long.
 */
import type { Block, Button, OutgoingMessage } from '../core/types.js';
import { escapeMrkdwn, markdownToMrkdwn, mrkdwnLink, safeUrl, truncate } from './mrkdwn.js';
import { surveyBlocks } from './survey-blocks.js';

export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  /** Notification and screen-reader text; mrkdwn, escaped. */
  text: string;
  blocks: SlackBlock[];
}

const LIMIT = { blocks: 50, header: 150, section: 3000, field: 2000, fields: 10, button: 75, value: 2000, context: 3000, fallback: 3000 };

/** Buttons in one actions block need distinct action_ids; `#n` is added and removed again on the way in. */
export function buttonActionId(button: Button, index: number): string {
  return `${button.id}#${index}`;
}

export function actionIdOf(slackActionId: string): string {
  return slackActionId.replace(/#\d+$/, '');
}

export function renderMessage(message: OutgoingMessage): SlackMessage {
  const blocks = message.blocks.flatMap(renderBlock).slice(0, LIMIT.blocks);
  return { text: truncate(escapeMrkdwn(message.text), LIMIT.fallback), blocks };
}

export function renderBlock(block: Block): SlackBlock[] {
  switch (block.kind) {
    case 'heading':
      return [{ type: 'header', text: plain(truncate(block.text, LIMIT.header)) }];
    case 'markdown':
      return sections(markdownToMrkdwn(block.text));
    case 'text':
      return sections(escapeMrkdwn(block.text));
    case 'fields': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < block.fields.length; i += LIMIT.fields) {
        const fields = block.fields.slice(i, i + LIMIT.fields).map((f) => mrkdwn(truncate(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, LIMIT.field)));
        out.push({ type: 'section', fields });
      }
      return out;
    }
    case 'source':
      return [{ type: 'context', elements: [mrkdwn(truncate(`${escapeMrkdwn(block.label)}: ${mrkdwnLink(block.link.url, block.link.label)}`, LIMIT.context))] }];
    case 'links': {
      const lines = block.links.map((l) => `• ${mrkdwnLink(l.url, l.label)}`);
      return sections(`*${escapeMrkdwn(block.label)}*\n${lines.join('\n')}`);
    }
    case 'actions': {
      const out: SlackBlock[] = [];
      if (block.prompt) out.push({ type: 'section', text: mrkdwn(truncate(escapeMrkdwn(block.prompt), LIMIT.section)) });
      out.push({
        type: 'actions',
        elements: block.buttons.slice(0, 25).map((b, i) => ({
          type: 'button',
          action_id: buttonActionId(b, i),
          text: plain(truncate(b.label, LIMIT.button)),
          value: truncate(b.value, LIMIT.value),
          ...(b.style ? { style: b.style } : {}),
        })),
      });
      return out;
    }
    case 'image': {
      const url = safeUrl(block.url);
      return url ? [{ type: 'image', image_url: url, alt_text: truncate(block.alt || 'image', 2000) }] : [];
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'survey':
      return surveyBlocks(block.form);
  }
}

function plain(text: string) {
  return { type: 'plain_text', text: text || ' ', emoji: true };
}

function mrkdwn(text: string) {
  return { type: 'mrkdwn', text };
}

/** One section per 3,000 characters, split on line breaks where possible. */
function sections(text: string): SlackBlock[] {
  const out: SlackBlock[] = [];
  let rest = text;
  while (rest.length > LIMIT.section) {
    const cut = rest.lastIndexOf('\n', LIMIT.section);
    const at = cut > LIMIT.section / 2 ? cut : LIMIT.section;
    out.push({ type: 'section', text: mrkdwn(rest.slice(0, at)) });
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.trim() !== '') out.push({ type: 'section', text: mrkdwn(rest) });
  return out;
}
