/**
 * Text for Adaptive Cards without surprises. Everything is rendered as
 * RichTextBlock TextRuns, which Teams shows literally (no Markdown), so a
 * user's or an article's `*`, `_`, `[`, `<` never turn into formatting or
 * markup. The article's light Markdown (bold, italics, code, links, lists,
 * headings) is converted into runs here instead of being handed to the client.
 */

export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  italic?: boolean;
  fontType?: 'Monospace';
  size?: 'Medium' | 'Large';
  selectAction?: { type: 'Action.OpenUrl'; url: string };
}

export interface RichTextBlock {
  type: 'RichTextBlock';
  inlines: TextRun[];
  spacing?: 'None' | 'Small' | 'Medium';
  separator?: boolean;
}

/** Literal text: only Adaptive Cards' {{DATE()}}/{{TIME()}} functions need defusing (a zero-width space). */
export function literal(text: string): string {
  return text.replace(/\{\{/g, '{\u200B{');
}

export function run(text: string, style: Omit<TextRun, 'type' | 'text'> = {}): TextRun {
  return { type: 'TextRun', text: literal(text), ...style };
}

export function linkRun(label: string, url: string): TextRun {
  return safeUrl(url) ? run(label, { selectAction: { type: 'Action.OpenUrl', url } }) : run(label);
}

/** Plain text as one block per line (TextRuns do not break lines reliably). */
export function plainBlocks(text: string, style: Omit<TextRun, 'type' | 'text'> = {}): RichTextBlock[] {
  return text
    .split('\n')
    .filter((line, i, all) => line.trim() !== '' || (i > 0 && all[i - 1]!.trim() !== ''))
    .map((line, i) => block([run(line === '' ? ' ' : line, style)], i === 0 ? undefined : 'None'));
}

/** Light Markdown (as in knowledge articles) to blocks of runs, one per line. */
export function markdownBlocks(markdown: string): RichTextBlock[] {
  const blocks: RichTextBlock[] = [];
  let gap = false;
  for (const rawLine of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (line.trim() === '') {
      gap = blocks.length > 0;
      continue;
    }
    const spacing = blocks.length === 0 ? undefined : gap ? 'Small' : 'None';
    gap = false;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push(block(inlineRuns(heading[1]!).map((r) => ({ ...r, weight: 'Bolder' as const })), spacing));
      continue;
    }
    const bullet = /^(\s*)[-*+•]\s+(.*)$/.exec(line);
    if (bullet) {
      blocks.push(block([run(`${'  '.repeat(Math.min(bullet[1]!.length / 2, 3))}• `), ...inlineRuns(bullet[2]!)], spacing));
      continue;
    }
    const numbered = /^(\s*)(\d{1,3})[.)]\s+(.*)$/.exec(line);
    if (numbered) {
      blocks.push(block([run(`${numbered[2]}. `), ...inlineRuns(numbered[3]!)], spacing));
      continue;
    }
    blocks.push(block(inlineRuns(line.replace(/^>\s?/, '')), spacing));
  }
  return blocks;
}

/** `**bold**`, `__bold__`, `*italic*`, `_italic_`, `` `code` `` and `[label](url)` to runs; anything else is literal. */
export function inlineRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  const pattern = /\*\*(.+?)\*\*|__(.+?)__|\[([^\]]+)\]\(([^)\s]+)\)|`([^`]+)`|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) runs.push(run(text.slice(last, m.index)));
    if (m[1] !== undefined || m[2] !== undefined) runs.push(run(m[1] ?? m[2]!, { weight: 'Bolder' }));
    else if (m[3] !== undefined) runs.push(linkRun(m[3], m[4]!));
    else if (m[5] !== undefined) runs.push(run(m[5], { fontType: 'Monospace' }));
    else runs.push(run(m[6] ?? m[7]!, { italic: true }));
    last = m.index + m[0].length;
  }
  if (last < text.length) runs.push(run(text.slice(last)));
  return runs;
}

export function safeUrl(url: string): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function block(inlines: TextRun[], spacing?: RichTextBlock['spacing']): RichTextBlock {
  return spacing ? { type: 'RichTextBlock', inlines, spacing } : { type: 'RichTextBlock', inlines };
}
