/**
 * Every typed message passes here before it is treated as a question:
 *   1. an engineer writing in an escalation's thread → relayed to the asker;
 *   2. "#REF answer" from an engineer anywhere → relayed to that asker;
 *   3. the asker writing while their escalation is open → relayed to the
 *      engineers, except "cancel" and "still waiting?" (the bot stays quiet
 *      about new questions meanwhile);
 *   4. "talk to an engineer", "找工程师" … → escalate the last question;
 *   5. otherwise a question: answered by askHandler, with "Talk to an
 *      engineer" on the answer, or offered outright when the bot does not know.
 * Messages not addressed to the bot (thread replies without a mention) only
 * go through 1–3.
 */
import type { Handler, HandlerContext } from '../core/handler.js';
import type { OutgoingMessage } from '../core/types.js';
import type { Escalation } from '../../generated/prisma/client.js';
import type { EscalationFlow, ChatIdentity } from '../../escalations/flow.js';
import { createdMessage, ESC_ACTIONS, statusMessage, textMessage } from '../../escalations/messages.js';
import { t } from '../i18n/messages.js';
import { askHandler } from './ask.js';
import { FEEDBACK_ACTION } from './feedback.js';
import { isCancelRequest, isStatusRequest, parseEscalationRequest, parseRefReply } from './escalation-words.js';

export function identityOf(ctx: HandlerContext): ChatIdentity {
  return { tenantId: ctx.tenant.id, userId: ctx.user.id, platform: ctx.msg.platform, platformUserId: ctx.msg.author.id };
}

export const escalationConversationHandler: Handler = {
  name: 'escalation-conversation',
  passive: true,
  matches: (msg, text) => !msg.action && (text.length > 0 || (msg.attachments?.length ?? 0) > 0),
  async handle(ctx) {
    const flow = ctx.services.escalations;
    if (!flow) return ctx.msg.passive ? [] : askHandler.handle(ctx);
    const attachments = ctx.msg.attachments ?? [];

    const state = await flow.conversationState(ctx.tenant.id, ctx.user.id, ctx.msg.threadId);
    const engineerSide = state.engineerSideId || state.underGroupChannel ? await flow.byEngineerThread(ctx.msg.threadId) : null;
    if (engineerSide) return engineerWrites(ctx, flow, engineerSide, ctx.text);

    const byRef = parseRefReply(ctx.text);
    if (byRef) {
      const escalation = await flow.byRef(byRef.ref, identityOf(ctx));
      if (escalation) return engineerWrites(ctx, flow, escalation, byRef.text);
      if (!ctx.msg.passive) return [textMessage(ctx.lang, t(ctx.lang, 'esc.noSuchRef', { ref: byRef.ref }))];
    }

    const open = state.openId ? await flow.activeForRequester(ctx.tenant.id, ctx.user.id, ctx.msg.threadId) : null;
    if (open) {
      if (isCancelRequest(ctx.text)) {
        await flow.cancel(open, ctx.user.id);
        return [textMessage(ctx.lang, t(ctx.lang, 'esc.cancelled'))];
      }
      // "Still waiting?", or asking for an engineer again: where it stands.
      const askedAgain = parseEscalationRequest(ctx.text);
      if (isStatusRequest(ctx.text) || (askedAgain && !askedAgain.question)) {
        return [statusMessage(ctx.lang, await flow.context(open))];
      }
      await flow.relay.toEngineers(open, ctx.user.id, ctx.text, attachments);
      return ctx.msg.passive ? [] : [textMessage(ctx.lang, t(ctx.lang, 'esc.relayed'))];
    }
    if (ctx.msg.passive) return [];

    const request = parseEscalationRequest(ctx.text);
    if (request && state.configured) return escalateOnRequest(ctx, flow, request.question);

    const replies = await askHandler.handle(ctx);
    if (!state.configured) return replies;
    return offerEngineer(ctx, flow, replies);
  },
};

/** An engineer's message for the asker; only staff of the escalation's tenant are relayed. */
async function engineerWrites(ctx: HandlerContext, flow: EscalationFlow, escalation: Escalation, text: string): Promise<OutgoingMessage[]> {
  const quietly = (reply: OutgoingMessage): OutgoingMessage[] => (ctx.msg.passive ? [] : [reply]);
  const actor = await flow.actorIn(escalation, identityOf(ctx));
  if (!actor?.isStaff) {
    // The asker may write in a shared thread too; anyone else there is not an engineer.
    if (actor && actor.id === escalation.requesterId && (escalation.status === 'open' || escalation.status === 'claimed')) {
      await flow.relay.toEngineers(escalation, actor.id, text, ctx.msg.attachments ?? []);
      return quietly(textMessage(ctx.lang, t(ctx.lang, 'esc.relayed')));
    }
    return quietly(textMessage(ctx.lang, t(ctx.lang, 'esc.notStaff')));
  }
  if (escalation.status === 'resolved' || escalation.status === 'cancelled') {
    const status = t(ctx.lang, escalation.status === 'resolved' ? 'esc.statusResolvedWord' : 'esc.statusCancelledWord');
    return quietly(textMessage(ctx.lang, t(ctx.lang, 'esc.replyClosed', { status })));
  }
  if (!text && !ctx.msg.attachments?.length) return [];
  await flow.relay.toUser(escalation, actor.id, text, ctx.msg.attachments ?? []);
  const requester = await flow.namesOf([{ tenantId: escalation.tenantId, userId: escalation.requesterId }]);
  return quietly(textMessage(ctx.lang, t(ctx.lang, 'esc.replySent', { name: requester.get(escalation.requesterId) ?? '' })));
}

/** "I need a person": escalate the question given with it, or the last one asked here. */
async function escalateOnRequest(ctx: HandlerContext, flow: EscalationFlow, text: string | undefined): Promise<OutgoingMessage[]> {
  const { services, tenant, user, msg, lang } = ctx;
  let questionId: string | undefined;
  if (text) {
    questionId = await services.questions.record({
      tenantId: tenant.id, userId: user.id, threadId: msg.threadId, messageId: msg.messageId, lang: ctx.messageLang ?? lang, text, answered: false, shownArticleIds: [],
    });
  } else {
    questionId = (await flow.lastQuestion(tenant.id, user.id, msg.threadId))?.id;
  }
  if (!questionId) return [textMessage(lang, t(lang, 'esc.needQuestion'))];
  return escalateQuestion(ctx, flow, questionId);
}

export async function escalateQuestion(ctx: HandlerContext, flow: EscalationFlow, questionId: string): Promise<OutgoingMessage[]> {
  const { created, ctx: escalation } = await flow.escalate(ctx.tenant.id, questionId);
  return [created ? createdMessage(ctx.lang, escalation) : statusMessage(ctx.lang, escalation)];
}

/** "Talk to an engineer" on an answer; an outright offer when the bot did not know. */
async function offerEngineer(ctx: HandlerContext, flow: EscalationFlow, replies: OutgoingMessage[]): Promise<OutgoingMessage[]> {
  const { lang } = ctx;
  const [reply, ...rest] = replies;
  if (!reply) return replies;
  const feedback = reply.blocks.find((b) => b.kind === 'actions' && b.buttons.some((x) => x.id === FEEDBACK_ACTION));
  let questionId = feedback?.kind === 'actions' ? feedback.buttons[0]?.value.split('|')[0] : undefined;
  questionId ??= (await flow.lastQuestion(ctx.tenant.id, ctx.user.id, ctx.msg.threadId))?.id;
  if (!questionId) return replies;
  const talk = { id: ESC_ACTIONS.talk, value: questionId, label: t(lang, 'esc.talk') };
  if (feedback?.kind === 'actions') {
    const blocks = reply.blocks.map((b) => (b === feedback ? { ...feedback, buttons: [...feedback.buttons, talk] } : b));
    return [{ ...reply, blocks, text: `${reply.text} [${talk.label}]` }, ...rest];
  }
  const offer = t(lang, 'esc.offer');
  return [
    {
      ...reply,
      blocks: [...reply.blocks, { kind: 'actions', prompt: offer, buttons: [{ ...talk, style: 'primary' }] }],
      text: `${reply.text}\n\n${offer} [${talk.label}]`,
    },
    ...rest,
  ];
}
