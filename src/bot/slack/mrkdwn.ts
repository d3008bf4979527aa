/**
 * Text for Slack's mrkdwn. Every piece of user or article text is escaped
 * (&, <, >) so `<!channel>`, `<@U…>` or `<https://evil|https://good>` typed in a
 * question or written in an article never notifies anyone or becomes a link.
 * Only links we build ourselves, from URLs we checked, are real links.
 */

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link label may not hold `|` (it ends the label) and is escaped like any text. */
function escapeLabel(label: string): string {
  return escapeMrkdwn(label.replace(/\|/g, '¦')).replace(/\s+/g, ' ').trim();
}

/** http(s) URLs only, re-serialised so a crafted string cannot break out of `<…|…>`. */
export function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.href.replace(/[<>|\s]/g, encodeURIComponent);
  } catch {
    return undefined;
  }
}

const LOOKS_LIKE_ADDRESS = /(?:^|\s)(?:[a-z][a-z0-9+.-]*:\/\/|www\.)|\b[\w-]+\.(?:com|net|org|io|cn|co|app|dev|info)\b/i;

/**
 * `<url|label>`. A label that itself looks like an address but points elsewhere
 * (a disguised link) is shown with the real address instead.
 */
export function mrkdwnLink(url: string, label: string): string {
  const href = safeUrl(url);
  if (!href) return escapeMrkdwn(label);
  if (LOOKS_LIKE_ADDRESS.test(label) && label.trim() !== url) return `${escapeLabel(label)} (<${href}>)`;
  const text = escapeLabel(label);
  return text ? `<${href}|${text}>` : `<${href}>`;
}

/**
 * Article Markdown to mrkdwn: **bold** → *bold*, __bold__ → *bold*, `# Heading` →
 * *Heading*, `- item`/`* item` → `• item`, numbered lists kept, [label](url) →
 * a checked link; everything else escaped.
 */
export function markdownToMrkdwn(markdown: string): string {
  if (markdown.length > CONVERTED_MAX_LENGTH) return convert(markdown);
  let out = converted.get(markdown);
  if (out === undefined) {
    out = convert(markdown);
    if (converted.size >= CONVERTED_KEPT) converted.delete(converted.keys().next().value!);
    converted.set(markdown, out);
  }
  return out;
}

/**
 * Converted passages, oldest dropped first. During a rollout the same few
 * hundred passages answer most questions, and converting one was a tenth of
 * the allocation of answering in bench:slack. Bounded: ~500 × 2 passages.
 */
const converted = new Map<string, string>();
const CONVERTED_KEPT = 500;
const CONVERTED_MAX_LENGTH = 4000;

function convert(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(convertLine)
    .join('\n');
}

function convertLine(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return `*${inline(heading[1]!).replace(/\*/g, '')}*`;
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1]!}• ${inline(bullet[2]!)}`;
  return inline(line);
}

/** Inline Markdown: links and bold, with the text between them escaped. */
function inline(text: string): string {
  const out: string[] = [];
  const pattern = /\[([^\]\n]*)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|__(.+?)__/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out.push(escapeMrkdwn(text.slice(last, match.index)));
    if (match[2] !== undefined) out.push(mrkdwnLink(match[2], match[1] ?? ''));
    else out.push(`*${escapeMrkdwn((match[3] ?? match[4] ?? '').replace(/\*/g, ''))}*`);
    last = match.index + match[0].length;
  }
  out.push(escapeMrkdwn(text.slice(last)));
  return out.join('');
}

/** Cut `text` to `max` characters on a character boundary, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}
