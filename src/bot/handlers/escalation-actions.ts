/**
 * The escalation buttons. The asker's: "Talk to an engineer" and the CSAT
 * rating. The engineers': Claim, Reassign (then a person), Resolve, "Save as
 * article" (then Publish). Engineers' buttons check that the presser is an
 * engineer, champion or admin of the escalation's tenant; anyone else gets a
 * polite refusal and nothing changes. A Claim that loses the race is told
 * who has it.
 */
import type { Handler, HandlerContext } from '../core/handler.js';
import type { OutgoingMessage } from '../core/types.js';
import type { Escalation } from '../../generated/prisma/client.js';
import type { Actor, EscalationFlow } from '../../escalations/flow.js';
import { articleDraftMessage, ESC_ACTIONS, statusWord, textMessage, message } from '../../escalations/messages.js';
import { errorCodeOf } from '../core/errors.js';
import { escalationRef } from '../../escalations/threads.js';
import { t } from '../i18n/messages.js';
import { escalateQuestion, identityOf } from './escalate.js';

const ENGINEER_ACTIONS = new Set<string>([ESC_ACTIONS.claim, ESC_ACTIONS.reassign, ESC_ACTIONS.reassignTo, ESC_ACTIONS.resolve, ESC_ACTIONS.saveArticle]);
const ALL_ACTIONS = new Set<string>([...ENGINEER_ACTIONS, ESC_ACTIONS.talk, ESC_ACTIONS.csat, ESC_ACTIONS.publish]);

export const escalationActionsHandler: Handler = {
  name: 'escalation-actions',
  matches: (msg) => !!msg.action && ALL_ACTIONS.has(msg.action.id),
  async handle(ctx) {
    const flow = ctx.services.escalations;
    const action = ctx.msg.action!;
    if (!flow) return [textMessage(ctx.lang, t(ctx.lang, 'error.unknownAction'))];
    switch (action.id) {
      case ESC_ACTIONS.talk:
        return talk(ctx, flow, action.value);
      case ESC_ACTIONS.csat:
        return rate(ctx, flow, action.value);
      case ESC_ACTIONS.publish:
        return publish(ctx, flow, action.value);
      default:
        return engineerAction(ctx, flow, action.id, action.value);
    }
  },
};

async function talk(ctx: HandlerContext, flow: EscalationFlow, questionId: string): Promise<OutgoingMessage[]> {
  const question = /^[0-9a-f-]{36}$/i.test(questionId) ? await ctx.services.questions.find(ctx.tenant.id, questionId) : null;
  if (!question) return [textMessage(ctx.lang, t(ctx.lang, 'esc.gone'))];
  if (question.userId !== ctx.user.id) return [textMessage(ctx.lang, t(ctx.lang, 'esc.notYours'))];
  // A button press has no words to tell a language from: the question's.
  const lang = ctx.user.locale ?? (question.lang === 'zh-CN' ? 'zh-CN' : 'en');
  return escalateQuestion({ ...ctx, lang }, flow, question.id);
}

async function rate(ctx: HandlerContext, flow: EscalationFlow, value: string): Promise<OutgoingMessage[]> {
  const [escalationId = '', scoreText = ''] = value.split('|');
  const escalation = await flow.byId(escalationId);
  if (!escalation || escalation.tenantId !== ctx.tenant.id) return [textMessage(ctx.lang, t(ctx.lang, 'esc.gone'))];
  const lang = ctx.user.locale ?? (escalation.lang === 'zh-CN' ? 'zh-CN' : 'en');
  if (escalation.requesterId !== ctx.user.id) return [textMessage(lang, t(lang, 'esc.notYours'))];
  if (escalation.csat !== null) return [textMessage(lang, t(lang, 'esc.csatAlready'))];
  const score = Number(scoreText);
  try {
    await flow.service.recordCsat(ctx.tenant.id, escalation.id, ctx.user.id, score);
  } catch (err) {
    if (errorCodeOf(err) === 'conflict') return [textMessage(lang, t(lang, 'esc.csatAlready'))];
    throw err;
  }
  return [textMessage(lang, t(lang, 'esc.csatThanks', { score }))];
}

/** Who pressed, inside the escalation's tenant; null with the refusal when they may not. */
async function staffActor(ctx: HandlerContext, flow: EscalationFlow, escalation: Escalation): Promise<Actor | null> {
  const actor = await flow.actorIn(escalation, identityOf(ctx));
  if (!actor?.isStaff) {
    ctx.log.info({ escalationId: escalation.id }, 'refused an engineer button to someone who is not staff');
    return null;
  }
  return actor;
}

async function engineerAction(ctx: HandlerContext, flow: EscalationFlow, actionId: string, value: string): Promise<OutgoingMessage[]> {
  const { lang } = ctx;
  const [escalationId = '', target] = value.split('|');
  const escalation = await flow.byId(escalationId);
  if (!escalation) return [textMessage(lang, t(lang, 'esc.gone'))];
  const actor = await staffActor(ctx, flow, escalation);
  if (!actor) return [textMessage(lang, t(lang, 'esc.notStaff'))];
  const names = await flow.namesOf([{ tenantId: escalation.tenantId, userId: escalation.requesterId }]);
  const requesterName = names.get(escalation.requesterId) ?? '';

  switch (actionId) {
    case ESC_ACTIONS.claim: {
      const result = await flow.claim(escalation, actor);
      if (result.kind === 'claimed') return [textMessage(lang, t(lang, 'esc.claimWon', { ref: escalationRef(escalation.id), name: requesterName }))];
      if (result.kind === 'taken') {
        const owner = (await flow.namesOf([{ tenantId: escalation.tenantId, userId: result.assigneeId }])).get(result.assigneeId) ?? t(lang, 'esc.unknown');
        return [textMessage(lang, t(lang, 'esc.claimTaken', { name: owner }))];
      }
      return [textMessage(lang, t(lang, 'esc.claimClosed', { status: statusWord(lang, result.escalation, null) }))];
    }
    case ESC_ACTIONS.reassign: {
      if (!isActive(escalation)) return [closedReply(lang, escalation)];
      const candidates = await flow.reassignCandidates(escalation, actor);
      if (candidates.length === 0) return [textMessage(lang, t(lang, 'esc.reassignNobody'))];
      // The first reply is the button's outcome (Teams shows only text for it in a channel); the choices follow.
      return [
        textMessage(lang, t(lang, 'esc.reassignOffered')),
        message(lang, [
          { kind: 'actions', prompt: t(lang, 'esc.reassignChoose'), buttons: candidates.map((c) => ({ id: ESC_ACTIONS.reassignTo, value: `${escalation.id}|${c.id}`, label: c.name })) },
        ]),
      ];
    }
    case ESC_ACTIONS.reassignTo: {
      if (!isActive(escalation)) return [closedReply(lang, escalation)];
      if (!target) return [textMessage(lang, t(lang, 'esc.gone'))];
      const { name } = await flow.reassign(escalation, actor, target);
      return [textMessage(lang, t(lang, 'esc.reassignedNotice', { actor: actor.name, name }))];
    }
    case ESC_ACTIONS.resolve: {
      if (!isActive(escalation)) return [closedReply(lang, escalation)];
      const { requesterName: name } = await flow.resolve(escalation, actor);
      return [textMessage(lang, t(lang, 'esc.resolvedDone', { name }))];
    }
    case ESC_ACTIONS.saveArticle: {
      const draft = await flow.articles.draft(escalation, { id: actor.id, owner: actor.email ?? actor.name });
      if (!draft) return [textMessage(lang, t(lang, 'esc.articleNoAnswer'))];
      if (draft.status === 'published') return [textMessage(lang, t(lang, 'esc.articleAlready'))];
      return [textMessage(lang, t(lang, 'esc.articleSaved')), articleDraftMessage(lang, draft)];
    }
    default:
      return [textMessage(lang, t(lang, 'error.unknownAction'))];
  }
}

async function publish(ctx: HandlerContext, flow: EscalationFlow, articleId: string): Promise<OutgoingMessage[]> {
  const { lang } = ctx;
  const source = /^[0-9a-f-]{36}$/i.test(articleId) ? await flow.articles.escalationOf(articleId) : null;
  const escalation = source ? await flow.byId(source.escalationId) : null;
  if (!escalation || escalation.tenantId !== source?.tenantId) return [textMessage(lang, t(lang, 'esc.gone'))];
  if (!(await staffActor(ctx, flow, escalation))) return [textMessage(lang, t(lang, 'esc.notStaff'))];
  const { outcome, title } = await flow.articles.publish(escalation, articleId);
  return [textMessage(lang, t(lang, outcome === 'published' ? 'esc.articlePublished' : 'esc.articleAlready', { title }))];
}

function isActive(escalation: Escalation): boolean {
  return escalation.status === 'open' || escalation.status === 'claimed';
}

function closedReply(lang: HandlerContext['lang'], escalation: Escalation): OutgoingMessage {
  return textMessage(lang, t(lang, 'esc.claimClosed', { status: statusWord(lang, escalation, null) }));
}
