/**
 * The chat-facing escalation flow the bot's handlers use: escalate a
 * question and tell the engineers, find the escalation a message belongs
 * to, and carry out the engineers' buttons with the notices they cause.
 * State changes go through EscalationService (race-safe, with adoption
 * events); this layer adds who hears about them.
 *
 * Cross-platform: an escalation lives in the asker's tenant. An engineer who
 * works on another platform (Slack, while the asker is on Teams) is a User of
 * that tenant with their Slack identity (platform slack, their U… id); their
 * button presses are authorised as that identity in the escalation's tenant.
 */
import type { Db } from '../db/client.js';
import type { Escalation } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { OutboundDelivery } from '../delivery/outbound.js';
import type { Platform } from '../bot/core/types.js';
import type { Role } from '../knowledge/types.js';
import { t } from '../bot/i18n/messages.js';
import { EscalationService, STAFF_ROLES, type ClaimResult } from './service.js';
import { EscalationArticles } from './articles.js';
import { loadEscalationContext, loadPerson, displayNameOf, type EscalationContext } from './context.js';
import { EscalationNotifier, channelDeliveryKey } from './notify.js';
import { EscalationRelay } from './relay.js';
import { csatMessage, textMessage } from './messages.js';
import { postedMessageOf, replyThreadOf } from './threads.js';
import { MicroBatcher } from '../db/batcher.js';

const ACTIVE = ['open', 'claimed'] as const;

export interface ConversationState {
  engineerSideId: string | null;
  openId: string | null;
  underGroupChannel: boolean;
  configured: boolean;
}

interface StateKey {
  tenantId: string;
  userId: string;
  threadId: string;
}

/** The person behind a chat message, as the platform knows them. */
export interface ChatIdentity {
  tenantId: string;
  userId: string;
  platform: Platform;
  platformUserId: string;
}

/** That person inside an escalation's tenant. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  email: string | null;
  isStaff: boolean;
}

export interface EscalationFlowOptions {
  db: Db;
  outbound: OutboundDelivery;
  service: EscalationService;
  /** Drops this process's cached knowledge index after a publish. */
  invalidateKnowledge: (tenantId: string) => void;
  log: Logger;
  clock?: () => Date;
}

export class EscalationFlow {
  readonly service: EscalationService;
  readonly notifier: EscalationNotifier;
  readonly relay: EscalationRelay;
  readonly articles: EscalationArticles;
  private readonly db: Db;
  private readonly clock: () => Date;
  private readonly stateLookups = new MicroBatcher<StateKey, ConversationState>((keys) => this.conversationStates(keys));

  constructor(options: EscalationFlowOptions) {
    this.db = options.db;
    this.service = options.service;
    this.clock = options.clock ?? (() => new Date());
    this.notifier = new EscalationNotifier(options.db, options.outbound, options.log.child({ component: 'escalation-notify' }));
    this.relay = new EscalationRelay(options.db, options.service, this.notifier);
    this.articles = new EscalationArticles(options.db, options.invalidateKnowledge);
  }

  now(): Date {
    return this.clock();
  }

  /** An escalation that reaches the engineers later (champion-first hand-over): the same full notification, with its buttons. */
  async notifyRouted(escalation: Escalation): Promise<void> {
    await this.notifier.created(await loadEscalationContext(this.db, escalation));
  }

  /** Escalate a question (once; a second call returns the first) and tell the engineers. */
  async escalate(tenantId: string, questionId: string): Promise<{ created: boolean; ctx: EscalationContext }> {
    const { escalation, created } = await this.service.create({ tenantId, questionId });
    const ctx = await loadEscalationContext(this.db, escalation);
    if (created) await this.notifier.created(ctx);
    return { created, ctx };
  }

  context(escalation: Escalation): Promise<EscalationContext> {
    return loadEscalationContext(this.db, escalation);
  }

  /** The most recent question of this person in this conversation that has no escalation yet. */
  async lastQuestion(tenantId: string, userId: string, threadId: string) {
    return this.db.question.findFirst({ where: { tenantId, userId, threadId, escalation: { is: null } }, orderBy: { createdAt: 'desc' } });
  }

  /**
   * What a message means for escalations, in one round trip (shared with the other messages in flight) because it runs
   * for every question: the escalation whose engineers' thread this is, the
   * asker's open escalation in it, whether the thread hangs under a post in
   * an engineer group's channel (bound on the first reply, see
   * byEngineerThread), and whether the tenant has engineers at all.
   */
  conversationState(tenantId: string, userId: string, threadId: string): Promise<ConversationState> {
    return this.stateLookups.add({ tenantId, userId, threadId });
  }

  /** conversationState for every message in flight, as one statement (see MicroBatcher). */
  private async conversationStates(keys: readonly StateKey[]): Promise<ConversationState[]> {
    const rows = await this.db.$queryRaw<(ConversationState & { i: bigint })[]>`/* prepared */
      SELECT k.i,
        (SELECT id FROM "Escalation" WHERE "engineerThreadId" = k.thread ORDER BY "createdAt" DESC LIMIT 1) AS "engineerSideId",
        (SELECT id FROM "Escalation"
          WHERE "tenantId" = k.tenant AND "requesterId" = k.requester AND "userThreadId" = k.thread AND status IN ('open', 'claimed')
          ORDER BY "createdAt" DESC LIMIT 1) AS "openId",
        EXISTS (SELECT 1 FROM "EngineerGroup" WHERE "channelThreadId" = k.posted) AS "underGroupChannel",
        EXISTS (SELECT 1 FROM "EngineerGroup" WHERE "tenantId" = k.tenant) AS "configured"
      FROM unnest(${keys.map((k) => k.tenantId)}::text[], ${keys.map((k) => k.userId)}::text[], ${keys.map((k) => k.threadId)}::text[],
                  ${keys.map((k) => postedMessageOf(k.threadId)?.channelThreadId ?? null)}::text[])
        WITH ORDINALITY AS k(tenant, requester, thread, posted, i)`;
    const byIndex = new Map(rows.map(({ i, ...state }) => [Number(i), state]));
    return keys.map((_, index) => byIndex.get(index + 1) ?? { engineerSideId: null, openId: null, underGroupChannel: false, configured: false });
  }

  /** The person's open escalation in this conversation, if any. */
  async activeForRequester(tenantId: string, requesterId: string, threadId: string): Promise<Escalation | null> {
    return this.db.escalation.findFirst({
      where: { tenantId, requesterId, userThreadId: threadId, status: { in: [...ACTIVE] } },
      orderBy: { createdAt: 'desc' },
    });
  }

  /**
   * The escalation whose engineer thread this is. Thread ids carry the
   * platform workspace, so the match is exact; the actor is then authorised
   * inside the escalation's tenant. When the channel post went out through a
   * job, the thread is bound here on the first reply.
   */
  async byEngineerThread(threadId: string): Promise<Escalation | null> {
    const bound = await this.db.escalation.findFirst({ where: { engineerThreadId: threadId }, orderBy: { createdAt: 'desc' } });
    if (bound) return bound;
    const posted = postedMessageOf(threadId);
    if (!posted) return null;
    const groups = await this.db.engineerGroup.findMany({ where: { channelThreadId: posted.channelThreadId }, select: { id: true, tenantId: true } });
    if (groups.length === 0) return null;
    const candidates = await this.db.escalation.findMany({
      where: { OR: groups.map((g) => ({ tenantId: g.tenantId, groupId: g.id })), engineerThreadId: null, status: { in: [...ACTIVE] } },
      select: { id: true },
    });
    if (candidates.length === 0) return null;
    const sent = await this.db.outboundDelivery.findFirst({
      where: { deliveryKey: { in: candidates.map((c) => channelDeliveryKey(c.id)) }, platformMessageId: posted.postedMessageId },
      select: { deliveryKey: true },
    });
    const escalationId = sent?.deliveryKey.split(':')[1];
    if (!escalationId) return null;
    const escalation = await this.db.escalation.findUnique({ where: { id: escalationId } });
    if (!escalation) return null;
    const thread = replyThreadOf(posted.channelThreadId, posted.postedMessageId);
    await this.db.escalation.updateMany({ where: { id: escalation.id, tenantId: escalation.tenantId, engineerThreadId: null }, data: { engineerThreadId: thread } });
    return { ...escalation, engineerThreadId: thread };
  }

  /** An escalation by id (from a button), to be authorised with actorIn. */
  async byId(escalationId: string): Promise<Escalation | null> {
    if (!/^[0-9a-f-]{36}$/i.test(escalationId)) return null;
    return this.db.escalation.findUnique({ where: { id: escalationId } });
  }

  /** An active escalation by its short reference ("#A1B2C3"), among the tenants this person is staff in. */
  async byRef(ref: string, identity: ChatIdentity): Promise<Escalation | null> {
    const tenantIds = await this.staffTenants(identity);
    if (tenantIds.length === 0) return null;
    const rows = await this.db.escalation.findMany({
      where: { tenantId: { in: tenantIds }, id: { endsWith: ref.toLowerCase() }, status: { in: [...ACTIVE] } },
      take: 2,
    });
    return rows.length === 1 ? rows[0]! : null;
  }

  /** The tenants where this chat identity is an engineer, champion or admin. */
  async staffTenants(identity: ChatIdentity): Promise<string[]> {
    const rows = await this.db.user.findMany({
      where: { platform: identity.platform, platformUserId: identity.platformUserId, role: { in: [...STAFF_ROLES] } },
      select: { tenantId: true },
    });
    return [...new Set(rows.map((r) => r.tenantId))];
  }

  /** The chat identity as a person of the escalation's tenant (null: not known there). */
  async actorIn(escalation: Pick<Escalation, 'tenantId'>, identity: ChatIdentity): Promise<Actor | null> {
    const where =
      escalation.tenantId === identity.tenantId
        ? { id: identity.userId, tenantId: identity.tenantId }
        : { tenantId: escalation.tenantId, platform: identity.platform, platformUserId: identity.platformUserId };
    const user = await this.db.user.findFirst({ where, select: { id: true, role: true, displayName: true, email: true, platformUserId: true } });
    if (!user) return null;
    return { id: user.id, name: displayNameOf(user), role: user.role, email: user.email, isStaff: STAFF_ROLES.includes(user.role) };
  }

  /** Claim, and tell the channel and the asker. */
  async claim(escalation: Escalation, actor: Actor): Promise<ClaimResult> {
    const result = await this.service.claim(escalation.tenantId, escalation.id, actor.id);
    if (result.kind === 'claimed' && result.escalation.version !== escalation.version) {
      const e = result.escalation;
      await this.notifier.toEngineers(e, `esc:${e.id}:claimed:v${e.version}`, (lang) => textMessage(lang, t(lang, 'esc.claimedNotice', { name: actor.name })));
      const lang = await this.requesterLang(e);
      await this.notifier.toRequester(e, `esc:${e.id}:claimed-user:v${e.version}`, textMessage(lang, t(lang, 'esc.claimedUser', { name: actor.name })));
    }
    return result;
  }

  /** The other staff of the escalation's group who could take it over. */
  async reassignCandidates(escalation: Escalation, actor: Actor): Promise<{ id: string; name: string }[]> {
    if (!escalation.groupId) return [];
    const members = await this.db.engineerGroupMember.findMany({ where: { groupId: escalation.groupId, group: { tenantId: escalation.tenantId } }, orderBy: { position: 'asc' } });
    const people = await this.db.user.findMany({
      where: { tenantId: escalation.tenantId, id: { in: members.map((m) => m.userId) }, role: { in: [...STAFF_ROLES] } },
      select: { id: true, displayName: true, email: true, platformUserId: true },
    });
    return members
      .map((m) => people.find((p) => p.id === m.userId))
      .filter((p): p is NonNullable<typeof p> => !!p && p.id !== actor.id && p.id !== escalation.assigneeId)
      .map((p) => ({ id: p.id, name: displayNameOf(p) }));
  }

  async reassign(escalation: Escalation, actor: Actor, toUserId: string): Promise<{ escalation: Escalation; name: string }> {
    const e = await this.service.reassign(escalation.tenantId, escalation.id, actor.id, toUserId);
    const person = await loadPerson(this.db, e.tenantId, toUserId);
    const name = person?.name ?? toUserId;
    await this.notifier.toEngineers(e, `esc:${e.id}:reassigned:v${e.version}`, (lang) => textMessage(lang, t(lang, 'esc.reassignedNotice', { actor: actor.name, name })));
    const question = await this.db.question.findFirst({ where: { id: e.questionId, tenantId: e.tenantId }, select: { text: true } });
    await this.notifier.toPerson(e.tenantId, `esc:${e.id}:reassigned-dm:v${e.version}`, toUserId, (lang) =>
      textMessage(lang, t(lang, 'esc.reassignedDm', { actor: actor.name, question: question?.text ?? '' })),
    );
    return { escalation: e, name };
  }

  /** Resolve, tell the channel, and ask the asker "Did this solve it?" (CSAT 1–5). */
  async resolve(escalation: Escalation, actor: Actor): Promise<{ escalation: Escalation; requesterName: string }> {
    const e = await this.service.resolve(escalation.tenantId, escalation.id, actor.id);
    await this.notifier.toEngineers(e, `esc:${e.id}:resolved`, (lang) => textMessage(lang, t(lang, 'esc.resolvedNotice', { name: actor.name })));
    const lang = await this.requesterLang(e);
    await this.notifier.toRequester(e, `esc:${e.id}:csat`, csatMessage(lang, actor.name, e.id));
    const requester = await loadPerson(this.db, e.tenantId, e.requesterId);
    return { escalation: e, requesterName: requester?.name ?? '' };
  }

  /** The asker withdrew it: closed, and the engineers hear so. */
  async cancel(escalation: Escalation, requesterId: string): Promise<Escalation> {
    const e = await this.service.cancel(escalation.tenantId, escalation.id, requesterId);
    const requester = await loadPerson(this.db, e.tenantId, requesterId);
    await this.notifier.toEngineers(e, `esc:${e.id}:cancelled`, (lang) => textMessage(lang, t(lang, 'esc.userCancelledNotice', { name: requester?.name ?? '' })));
    return e;
  }

  /** The language the asker reads: their chosen one, else the question's. */
  async requesterLang(escalation: Escalation) {
    const person = await loadPerson(this.db, escalation.tenantId, escalation.requesterId);
    return person?.locale ?? (escalation.lang === 'zh-CN' ? 'zh-CN' : 'en');
  }

  /** Open escalations of these tenants, oldest first (the engineers' queue). */
  async queue(tenantIds: string[], limit = 20) {
    return this.db.escalation.findMany({
      where: { tenantId: { in: tenantIds }, status: { in: [...ACTIVE] } },
      orderBy: { createdAt: 'asc' },
      take: limit,
      include: { question: { select: { text: true } } },
    });
  }

  /** The person's own escalations, newest first, open ones and the last few closed. */
  async mine(tenantId: string, requesterId: string, limit = 10) {
    return this.db.escalation.findMany({
      where: { tenantId, requesterId },
      orderBy: [{ createdAt: 'desc' }],
      take: limit,
      include: { question: { select: { text: true } } },
    });
  }

  /** Display names of people by id, within one tenant each. */
  async namesOf(people: { tenantId: string; userId: string }[]): Promise<Map<string, string>> {
    const ids = [...new Set(people.map((p) => p.userId))];
    if (ids.length === 0) return new Map();
    const tenantIds = [...new Set(people.map((p) => p.tenantId))];
    const rows = await this.db.user.findMany({ where: { id: { in: ids }, tenantId: { in: tenantIds } }, select: { id: true, displayName: true, email: true, platformUserId: true } });
    return new Map(rows.map((r) => [r.id, displayNameOf(r)]));
  }
}
