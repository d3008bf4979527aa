/**
 * The words people use around escalations, in English and Chinese: asking
 * for a person, withdrawing, asking how it is going, and the engineers'
 * queue commands. Matching is on the whole message (trailing punctuation
 * and a leading "/hypercare" dropped), so a question that merely mentions
 * an engineer is still a question.
 */

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/^\/?hypercare\s+/, '')
    .replace(/[\s!！。.？?~～]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const REQUEST_PHRASES = [
  'talk to an engineer', 'talk to engineer', 'talk to a person', 'talk to a human', 'talk to someone', 'speak to an engineer',
  'speak to a person', 'speak to a human', 'speak to someone', 'i need a person', 'i need a human', 'i need an engineer',
  'i want a person', 'i want a human', 'i want to talk to a person', 'real person', 'human please', 'agent', 'escalate',
  'contact an engineer', 'get me an engineer', 'engineer please', 'need help from an engineer',
  '找工程师', '联系工程师', '转工程师', '转人工', '人工', '人工服务', '人工客服', '找人工', '我要找人', '找个人', '我要人工', '我需要工程师', '找技术支持',
];

// Longest first, so "talk to an engineer: …" is not read as "talk to a…".
const REQUEST_PATTERN = new RegExp(
  `^(?:${[...REQUEST_PHRASES].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?:[\\s!！。.？?~～]*$|[\\s:：,，;；\\-—]+([\\s\\S]+))`,
  'iu',
);

/** "I need a person" (→ the last question) or "找工程师：怎么…" (→ this question); undefined when it is not a request. */
export function parseEscalationRequest(text: string): { question?: string } | undefined {
  const match = REQUEST_PATTERN.exec(text.trim().replace(/^\/?hypercare\s+/i, ''));
  if (!match) return undefined;
  const rest = match[1]?.trim().replace(/[\s!！。.]+$/u, '');
  return rest ? { question: rest } : {};
}

const CANCEL_WORDS = new Set(['cancel', 'cancel it', 'cancel my request', 'never mind', 'nevermind', 'withdraw', '取消', '撤回', '算了', '不用了', '取消求助', '撤销']);

const STATUS_WORDS = new Set([
  'still waiting', 'any update', 'any updates', 'status', 'how long', 'where is my answer', 'are you there',
  '还在等吗', '还在等', '进度', '怎么样了', '有进展吗', '还要多久', '有人吗', '状态',
]);

export function isCancelRequest(text: string): boolean {
  return CANCEL_WORDS.has(normalize(text));
}

export function isStatusRequest(text: string): boolean {
  return STATUS_WORDS.has(normalize(text));
}

const QUEUE_WORDS = new Set(['queue', 'escalations', 'open escalations', '队列', '求助队列', '工单队列', '待处理']);
const MINE_WORDS = new Set(['mine', 'my requests', 'my escalations', '我的', '我的求助', '我的工单']);

export function queueCommandOf(text: string): 'queue' | 'mine' | undefined {
  const word = normalize(text);
  if (QUEUE_WORDS.has(word)) return 'queue';
  if (MINE_WORDS.has(word)) return 'mine';
  return undefined;
}

/** "#A1B2C3 the answer": an engineer answering by reference from any chat. */
export function parseRefReply(text: string): { ref: string; text: string } | undefined {
  const match = /^#([0-9a-f]{6})\b[\s:：]*([\s\S]*)$/i.exec(text.trim());
  return match ? { ref: match[1]!.toUpperCase(), text: match[2]!.trim() } : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
