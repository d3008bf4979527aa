/**
 * `/hypercare queue` (队列): open escalations by age, for engineers, across
 * the tenants they are staff in. `/hypercare mine` (我的求助): the person's
 * own requests and where they stand.
 */
import type { Handler, HandlerContext } from '../core/handler.js';
import type { OutgoingMessage } from '../core/types.js';
import { formatAge, message, statusWord, textMessage } from '../../escalations/messages.js';
import { escalationRef } from '../../escalations/threads.js';
import { clip } from '../home/format.js';
import { t } from '../i18n/messages.js';
import { identityOf } from './escalate.js';
import { queueCommandOf } from './escalation-words.js';

export const escalationQueueHandler: Handler = {
  name: 'escalation-queue',
  matches: (msg, text) => !msg.action && queueCommandOf(text) !== undefined,
  async handle(ctx) {
    const flow = ctx.services.escalations;
    if (!flow) return [textMessage(ctx.lang, t(ctx.lang, 'error.unknownAction'))];
    return queueCommandOf(ctx.text) === 'queue' ? queue(ctx) : mine(ctx);
  },
};

async function queue(ctx: HandlerContext): Promise<OutgoingMessage[]> {
  const flow = ctx.services.escalations!;
  const { lang } = ctx;
  const tenantIds = await flow.staffTenants(identityOf(ctx));
  if (tenantIds.length === 0) return [textMessage(lang, t(lang, 'esc.queueStaffOnly'))];
  const rows = await flow.queue(tenantIds);
  if (rows.length === 0) return [textMessage(lang, t(lang, 'esc.queueEmpty'))];
  const names = await flow.namesOf(rows.flatMap((r) => [{ tenantId: r.tenantId, userId: r.requesterId }, ...(r.assigneeId ? [{ tenantId: r.tenantId, userId: r.assigneeId }] : [])]));
  const now = flow.now().getTime();
  const lines = rows.map((r) =>
    t(lang, 'esc.queueLine', {
      ref: escalationRef(r.id),
      age: formatAge(now - r.createdAt.getTime(), lang),
      status: statusWord(lang, r, r.assigneeId ? (names.get(r.assigneeId) ?? null) : null),
      question: clip(r.question.text),
      requester: names.get(r.requesterId) ?? '',
    }),
  );
  return [message(lang, [{ kind: 'heading', text: t(lang, 'esc.queueTitle', { count: rows.length }) }, { kind: 'text', text: lines.map((l) => `• ${l}`).join('\n') }])];
}

async function mine(ctx: HandlerContext): Promise<OutgoingMessage[]> {
  const flow = ctx.services.escalations!;
  const { lang } = ctx;
  const rows = await flow.mine(ctx.tenant.id, ctx.user.id);
  if (rows.length === 0) return [textMessage(lang, t(lang, 'esc.mineEmpty'))];
  const names = await flow.namesOf(rows.flatMap((r) => (r.assigneeId ? [{ tenantId: r.tenantId, userId: r.assigneeId }] : [])));
  const now = flow.now().getTime();
  const lines = rows.map((r) =>
    t(lang, 'esc.mineLine', {
      age: formatAge(now - r.createdAt.getTime(), lang),
      status: statusWord(lang, r, r.assigneeId ? (names.get(r.assigneeId) ?? null) : null),
      question: clip(r.question.text),
    }),
  );
  return [message(lang, [{ kind: 'heading', text: t(lang, 'esc.mineTitle') }, { kind: 'text', text: lines.map((l) => `• ${l}`).join('\n') }])];
}
