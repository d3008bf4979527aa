/**
 * The web chat page served at `/`: a single self-contained page that talks
 * to the local-channel API. All message content is inserted with
 * textContent (never innerHTML), and only http(s) links become anchors.
 */
export function webChatPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Hypercare – local chat</title>
<style>
 body{font:15px/1.45 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f5f7;color:#1d1d1f}
 header{background:#243b53;color:#fff;padding:10px 16px;display:flex;gap:12px;align-items:center}
 header h1{font-size:16px;margin:0;flex:1} header input{width:140px}
 #log{max-width:760px;margin:0 auto;padding:16px 12px 96px}
 .msg{background:#fff;border-radius:10px;padding:10px 14px;margin:10px 0;box-shadow:0 1px 2px #0002;white-space:pre-wrap}
 .me{background:#dbeafe;margin-left:20%} .bot{margin-right:10%} .proactive{border-left:4px solid #f59e0b}
 .heading{font-weight:600;margin-bottom:4px} .md{white-space:normal} .md div{white-space:pre-wrap} .label{color:#555;font-size:13px;margin-top:8px}
 .actions button{margin:6px 6px 0 0;padding:4px 12px;border-radius:6px;border:1px solid #888;background:#fff;cursor:pointer}
 .actions button.primary{background:#2563eb;color:#fff;border-color:#2563eb}
 form{position:fixed;bottom:0;left:0;right:0;background:#fff;border-top:1px solid #ddd;padding:10px;display:flex;gap:8px;justify-content:center}
 form textarea{width:min(640px,70vw);height:42px;font:inherit;padding:6px} form button{padding:0 18px}
</style></head>
<body>
<header><h1>Hypercare · local chat</h1><label>User <input id="user" autocomplete="off"></label></header>
<main id="log" aria-live="polite"></main>
<form id="f"><textarea id="text" placeholder="Ask a question… / 请输入问题…" aria-label="message"></textarea><button>Send</button></form>
<script>
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const token = params.get('token') || sessionStorage.getItem('hc-token') || '';
if (params.get('token')) sessionStorage.setItem('hc-token', token);
$('user').value = localStorage.getItem('hc-user') || 'web-' + Math.random().toString(36).slice(2, 8);
$('user').onchange = () => { localStorage.setItem('hc-user', $('user').value); cursor = '0'; };
localStorage.setItem('hc-user', $('user').value);
let cursor = '0';
const headers = { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) };
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
function link(l) {
  try { const u = new URL(l.url); if (u.protocol === 'http:' || u.protocol === 'https:') { const a = el('a', '', l.label); a.href = u.href; a.target = '_blank'; a.rel = 'noopener'; return a; } } catch {}
  return el('span', '', l.label);
}
// Article Markdown, line by line, as text nodes: headings bold, list markers as bullets, emphasis marks dropped.
function markdown(text) {
  const box = el('div', 'md');
  for (const line of text.split('\\n')) {
    const heading = /^#{1,6}\\s+(.*)$/.exec(line);
    const plain = (s) => s.replace(/\\*\\*(.+?)\\*\\*/g, '$1').replace(/\\*([^*]+)\\*/g, '$1').replace(/\\x60([^\\x60]+)\\x60/g, '$1');
    if (heading) box.append(el('div', 'heading', plain(heading[1])));
    else box.append(el('div', '', plain(line.replace(/^(\\s*)[-*+]\\s+/, '$1• ')) || '\\u00a0'));
  }
  return box;
}
// A survey: buttons per question (the current answer highlighted), a text field with its own send button.
function surveyForm(form) {
  const box = el('div', 'survey');
  form.questions.forEach((q, i) => {
    box.append(el('div', 'heading', (i + 1) + '. ' + q.title + (q.required ? '' : ' (' + form.labels.required + ')')));
    const d = el('div', 'actions');
    if (q.type === 'text') {
      const input = el('textarea'); input.placeholder = form.labels.textPlaceholder; input.maxLength = q.maxLength || 1000; input.value = typeof q.answer === 'string' ? q.answer : '';
      const go = el('button', 'primary', form.labels.submit);
      go.onclick = () => { if (input.value.trim()) send({ action: { id: 'survey.text|' + form.runId + '|' + q.id, value: input.value } }, input.value); };
      d.append(input, go);
    } else {
      const values = q.type === 'rating' ? ['1','2','3','4','5'] : q.type === 'nps' ? ['0','1','2','3','4','5','6','7','8','9','10'] : null;
      const choices = values ? values.map((v) => ({ id: v, label: v })) : (q.options || []);
      const chosen = Array.isArray(q.answer) ? q.answer.map(String) : q.answer == null ? [] : [String(q.answer)];
      for (const c of choices) { const x = el('button', chosen.includes(c.id) ? 'primary' : '', c.label); x.onclick = () => send({ action: { id: 'survey.answer', value: form.runId + '|' + q.id + '|' + c.id } }, c.label); d.append(x); }
    }
    box.append(d);
  });
  return box;
}
function render(message, cls) {
  const box = el('div', 'msg bot ' + (cls || ''));
  for (const b of message.blocks || []) {
    if (b.kind === 'heading') box.append(el('div', 'heading', b.text));
    else if (b.kind === 'text') box.append(el('div', '', b.text));
    else if (b.kind === 'markdown') box.append(markdown(b.text));
    else if (b.kind === 'fields') for (const f of b.fields) box.append(el('div', '', f.label + ': ' + f.value));
    else if (b.kind === 'source') { const d = el('div', 'label', b.label + ': '); d.append(link(b.link)); box.append(d); }
    else if (b.kind === 'links') { box.append(el('div', 'label', b.label)); for (const l of b.links) { const d = el('div', '', '• '); d.append(link(l)); box.append(d); } }
    else if (b.kind === 'survey') box.append(surveyForm(b.form));
    else if (b.kind === 'actions') {
      const d = el('div', 'actions'); if (b.prompt) d.append(el('span', 'label', b.prompt + ' '));
      for (const btn of b.buttons) { const x = el('button', btn.style || '', btn.label); x.onclick = () => send({ action: { id: btn.id, value: btn.value } }, btn.label); d.append(x); }
      box.append(d);
    }
  }
  if (!box.childNodes.length) box.textContent = message.text;
  $('log').append(box); box.scrollIntoView({ block: 'end' });
}
async function send(payload, echo) {
  const me = el('div', 'msg me', echo); $('log').append(me);
  const res = await fetch('/api/local/messages', { method: 'POST', headers, body: JSON.stringify({ userId: $('user').value, locale: navigator.language, ...payload }) });
  const data = await res.json();
  if (!res.ok) return render({ blocks: [{ kind: 'text', text: data.error ? data.error.message : 'error ' + res.status }] });
  for (const r of data.replies) render(r);
}
async function poll() {
  try {
    const res = await fetch('/api/local/messages?userId=' + encodeURIComponent($('user').value) + '&after=' + cursor, { headers });
    if (res.ok) { const data = await res.json(); for (const m of data.messages) render(m.message, 'proactive'); cursor = data.cursor; }
  } catch {}
  setTimeout(poll, 3000);
}
$('f').onsubmit = (e) => { e.preventDefault(); const text = $('text').value; if (!text.trim()) return; $('text').value = ''; send({ text }, text); };
$('text').onkeydown = (e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('f').requestSubmit(); } };
poll();
</script></body></html>`;
}
