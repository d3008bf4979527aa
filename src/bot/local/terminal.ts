/**
 * `npm run chat`: a terminal chat with the running bot over the local-channel
 * API. Buttons are numbered; type the number to press one. Proactive
 * messages (surveys, engineer replies) appear as they arrive.
 *   npm run chat -- [--user alice] [--url http://localhost:3000] [--lang zh-CN]
 */
import os from 'node:os';
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import type { Button, OutgoingMessage } from '../core/types.js';

const { values } = parseArgs({
  options: { user: { type: 'string' }, url: { type: 'string' }, lang: { type: 'string' } },
  allowPositionals: false,
});
const config = loadConfig();
const baseUrl = (values.url ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
const userId = values.user ?? `cli-${os.userInfo().username}`.replace(/[^\p{L}\p{N}._@+-]/gu, '-');
const headers: Record<string, string> = { 'content-type': 'application/json' };
if (config.localChannel.token) headers.authorization = `Bearer ${config.localChannel.token}`;

let buttons: Button[] = [];
let cursor = '0';
const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
// Take the line iterator at once: readline reads stdin immediately, and lines with no listener are lost.
const lines = rl[Symbol.asyncIterator]();

function show(message: OutgoingMessage, prefix = 'bot'): void {
  const lines: string[] = [];
  for (const block of message.blocks) {
    if (block.kind === 'survey') {
      // Choice questions become numbered buttons; free text is answered in the web chat.
      for (const q of block.form.questions) {
        const choices = q.type === 'rating' ? ['1', '2', '3', '4', '5'] : q.type === 'nps' ? Array.from({ length: 11 }, (_, n) => String(n)) : null;
        const options = choices ? choices.map((c) => ({ id: c, label: c })) : (q.options ?? []);
        const offset = buttons.length;
        buttons.push(...options.map((o) => ({ id: 'survey.answer', value: `${block.form.runId}|${q.id}|${o.id}`, label: o.label })));
        lines.push(`${q.title} ${options.map((o, i) => `[${offset + i + 1}] ${o.label}`).join('  ')}`);
      }
    }
    if (block.kind === 'actions') {
      const offset = buttons.length;
      buttons.push(...block.buttons);
      lines.push(`${block.prompt ?? ''} ${block.buttons.map((b, i) => `[${offset + i + 1}] ${b.label}`).join('  ')}`.trim());
    }
  }
  const text = message.text.replace(/\n*[^\n]*\[[^\]]+\][^\n]*$/, ''); // the plain text already lists button labels
  console.log(`\n${prefix} › ${text.replace(/\n/g, '\n      ')}`);
  for (const line of lines) console.log(`      ${line}`);
}

async function send(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${baseUrl}/api/local/messages`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ userId, locale: values.lang, ...body }),
  });
  const data = (await res.json()) as { replies?: OutgoingMessage[]; error?: { message: string } };
  if (!res.ok) {
    console.log(`\n(error ${res.status}: ${data.error?.message ?? 'unknown'})`);
    return;
  }
  buttons = [];
  for (const reply of data.replies ?? []) show(reply);
}

async function poll(display = true): Promise<void> {
  try {
    const res = await fetch(`${baseUrl}/api/local/messages?userId=${encodeURIComponent(userId)}&after=${cursor}`, { headers });
    if (res.ok) {
      const data = (await res.json()) as { messages: { message: OutgoingMessage }[]; cursor: string };
      if (display) for (const m of data.messages) show(m.message, 'bot (new)');
      cursor = data.cursor;
    }
  } catch {
    // the bot may be restarting; try again on the next tick
  }
}

async function main(): Promise<void> {
  try {
    await fetch(`${baseUrl}/healthz`);
  } catch {
    console.error(`Cannot reach the bot at ${baseUrl}. Start it with "npm start" in another terminal.`);
    process.exit(1);
  }
  console.log(`Chatting with Hypercare at ${baseUrl} as "${userId}". Type a question, a number to press a button, or /quit.`);
  await poll(false); // skip history: only show what arrives from now on
  const timer = setInterval(() => void poll(), 3000);
  // Iterate lines (rather than rl.question) so piped input is read in full.
  rl.setPrompt('\nyou › ');
  rl.prompt();
  try {
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const raw = next.value;
      const line = raw.trim();
      if (line === '/quit' || line === '/exit') break;
      if (line) {
        const pressed = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
        await send(pressed ? { action: { id: pressed.id, value: pressed.value } } : { text: line });
      }
      rl.prompt();
    }
  } finally {
    clearInterval(timer);
    rl.close();
  }
}

void main();
