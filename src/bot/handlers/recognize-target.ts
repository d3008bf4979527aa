/**
 * Reads `recognize @person for <reason>` (and 感谢 @某人 …, endorse …, 推荐 …)
 * into a command word, who was meant and why. Who is a Slack mention
 * (`<@U123>` / `<@U123|name>`), a Teams mention (its name is in the text, its
 * id in msg.mentions), or a typed `@handle` (a local user id, an email, a
 * display name). Looking the person up is the handler's job.
 */
import type { Mention } from '../core/types.js';

export type CommandKind = 'recognize' | 'endorsement';

export type Target =
  | { kind: 'slack'; id: string; name?: string }
  | { kind: 'teams'; mention: Mention }
  /** `handles`: what the typed text may name, longest first ("Alice Wang for x" → "Alice Wang", "Alice"). */
  | { kind: 'handle'; handles: string[] };

export interface RecognizeCommand {
  kind: CommandKind;
  target: Target | null;
  reason: string;
}

const EN_WORDS: Record<string, CommandKind> = { recognize: 'recognize', recognise: 'recognize', kudos: 'recognize', thank: 'recognize', thanks: 'recognize', endorse: 'endorsement' };
const ZH_WORDS: Record<string, CommandKind> = { 感谢: 'recognize', 谢谢: 'recognize', 表扬: 'recognize', 推荐: 'endorsement' };
/** Words that show the usage when no one is named; "thanks" alone is just politeness and is left to other handlers. */
const USAGE_WORDS = new Set(['recognize', 'recognise', 'kudos', 'endorse', '表扬']);

const COMMAND = /^\/?(recognize|recognise|kudos|thanks|thank|endorse|感谢|谢谢|表扬|推荐)(?=$|\s|@|<)\s*(.*)$/isu;
const SLACK_MENTION = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/;
/** Separators between who and why: "for", "因为", punctuation. */
const REASON_LEAD = /^(?:[\s,，:：;；.。!！-]+|for\b|因为)+/iu;

export function parseRecognizeCommand(text: string, mentions: readonly Mention[] = []): RecognizeCommand | undefined {
  const match = COMMAND.exec(text.trim());
  if (!match) return undefined;
  const word = match[1]!.toLowerCase();
  const kind = EN_WORDS[word] ?? ZH_WORDS[word]!;
  const rest = match[2]!.trim();
  const found = readTarget(rest, mentions);
  if (!found) return USAGE_WORDS.has(word) ? { kind, target: null, reason: '' } : undefined;
  return { kind, target: found.target, reason: found.rest.replace(REASON_LEAD, '').trim() };
}

function readTarget(rest: string, mentions: readonly Mention[]): { target: Target; rest: string } | undefined {
  const slack = SLACK_MENTION.exec(rest);
  if (slack) return { target: { kind: 'slack', id: slack[1]!, ...(slack[2] ? { name: slack[2] } : {}) }, rest: rest.slice(slack[0].length) };
  const bare = rest.replace(/^@/, '');
  // Teams keeps a mentioned person's name in the text; the longest name that starts the rest is the one.
  const mention = [...mentions].sort((a, b) => b.name.length - a.name.length).find((m) => m.name && bare.startsWith(m.name));
  if (mention) return { target: { kind: 'teams', mention }, rest: bare.slice(mention.name.length) };
  if (!rest.startsWith('@') || bare === '') return undefined;
  const firstToken = /^[^\s,，:：;；]+/u.exec(bare)![0];
  const handles = [firstToken.replace(/[.。!！]+$/u, '')];
  // "@Alice Wang for …": the whole name before " for " may be the display name.
  const beforeFor = /^(.+?)\s+for\s/i.exec(bare)?.[1]?.trim();
  if (beforeFor && beforeFor !== handles[0]) handles.unshift(beforeFor);
  return { target: { kind: 'handle', handles }, rest: bare.slice(firstToken.length) };
}

/** The reason once the full name matched: what follows that name. */
export function reasonAfter(text: string, handle: string): string {
  const at = text.indexOf(handle);
  return at < 0 ? '' : text.slice(at + handle.length).replace(REASON_LEAD, '').trim();
}
