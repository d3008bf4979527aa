/**
 * The escalation lifecycle: create (one per question), claim, reassign,
 * relay messages, resolve, cancel, and the requester's CSAT.
 *
 * Every state change is a conditional UPDATE (status or version in the WHERE
 * clause, count checked) so concurrent actors cannot both win, bumps
 * Escalation.version so stale SLA timers know to do nothing, and writes its
 * adoption event in the same transaction. After commit, `afterChange` (the
 * SLA timers) hears about the new state. Every query is tenant-scoped.
 */
import type { Db } from '../db/client.js';
import type { Escalation, EscalationMessage, Prisma } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { recordAdoptionEvent } from '../adoption/events.js';
import { HypercareError } from '../bot/core/errors.js';
import type { Role } from '../knowledge/types.js';
import { escalationSubjectOf, routeEscalation, type EscalationSubject, type RouteDecision } from './routing.js';

type Tx = Prisma.TransactionClient;

/** Who may claim, reply to, reassign and resolve escalations. */
export const STAFF_ROLES: readonly Role[] = ['engineer', 'admin', 'champion'];

const ACTIVE = ['open', 'claimed'] as const;
// Twenty engineers pressing "Claim" at once queue for the pool; let them wait rather than fail.
const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

export interface EscalationServiceOptions {
  db: Db;
  clock?: () => Date;
  log?: Logger;
  /** Called after each committed state change (the SLA timers); its failure is logged, never undoes the change. */
  afterChange?: (escalation: Escalation) => Promise<void>;
  /**
   * Champion-first: until when the asker's department's champions have a new
   * escalation to themselves, or null to route it to the engineers at once.
   * Runs inside the creating transaction.
   */
  championWindow?: (tx: Tx, tenantId: string, subject: EscalationSubject, route: RouteDecision, now: Date) => Promise<Date | null>;
}

export interface CreateEscalationInput {
  tenantId: string;
  questionId: string;
  /** The engineers' thread, when the caller already has one. */
  engineerThreadId?: string;
}

export type ClaimResult =
  | { kind: 'claimed'; escalation: Escalation }
  /** Someone else owns it (`assigneeId`). */
  | { kind: 'taken'; escalation: Escalation; assigneeId: string }
  /** Resolved or cancelled: nothing left to claim. */
  | { kind: 'closed'; escalation: Escalation };

export class EscalationService {
  private readonly db: Db;
  private readonly clock: () => Date;
  private readonly log: Logger;
  private readonly afterChange: ((escalation: Escalation) => Promise<void>) | undefined;
  private readonly championWindow: EscalationServiceOptions['championWindow'];

  constructor(options: EscalationServiceOptions) {
    this.db = options.db;
    this.clock = options.clock ?? (() => new Date());
    this.log = (options.log ?? silentLogger).child({ component: 'escalations' });
    this.afterChange = options.afterChange;
    this.championWindow = options.championWindow;
  }

  async get(tenantId: string, escalationId: string): Promise<Escalation> {
    return this.find(this.db, tenantId, escalationId);
  }

  /** Escalate a question; a second call for the same question returns the first escalation (`created: false`). */
  async create(input: CreateEscalationInput): Promise<{ escalation: Escalation; created: boolean; route: RouteDecision | null }> {
    const now = this.clock();
    // Reads and writes in one transaction: one consistent view of the rules and the question.
    // Statements are counted here (bench:escalations): one read for the question, one for the routing table.
    const result = await this.db.$transaction(async (tx) => {
      const subject = await escalationSubjectOf(tx, input.tenantId, input.questionId);
      if (!subject) throw new HypercareError('not_found', `question ${input.questionId} not found in this tenant`);
      const { question } = subject;
      const route = await routeEscalation(tx, input.tenantId, subject.context, now);
      // In the champions' window nobody in the engineer groups has it yet; the hand-over routes it again.
      const championUntil = this.championWindow ? await this.championWindow(tx, input.tenantId, subject, route, now) : null;
      // ON CONFLICT DO NOTHING: a second escalation of the same question (a repeat, or a concurrent create
      // waiting on the unique index) inserts nothing and returns no row; the first one is read instead.
      const [inserted] = await tx.escalation.createManyAndReturn({
        data: [
          {
            tenantId: input.tenantId,
            questionId: question.id,
            requesterId: question.userId,
            assigneeId: championUntil ? null : route.onCallUserId,
            groupId: championUntil ? null : (route.group?.id ?? null),
            championUntil,
            lang: question.lang,
            userThreadId: question.threadId,
            engineerThreadId: input.engineerThreadId ?? null,
            createdAt: now,
          },
        ],
        skipDuplicates: true,
      });
      if (!inserted) {
        const existing = await tx.escalation.findUniqueOrThrow({ where: { questionId: question.id } });
        if (existing.tenantId !== input.tenantId) throw new HypercareError('conflict', `question ${question.id} is escalated in another tenant`);
        return { escalation: existing, created: false, route: null };
      }
      const escalation = inserted;
      await tx.question.updateMany({ where: { id: question.id, tenantId: input.tenantId }, data: { outcome: 'escalated' } });
      await recordAdoptionEvent(tx, {
        tenantId: input.tenantId,
        userId: question.userId,
        kind: 'escalation_created',
        ...(route.via.kind === 'rule' && route.via.module ? { module: route.via.module } : {}),
        data: { escalationId: escalation.id, groupId: escalation.groupId, routedBy: championUntil ? 'champions' : route.via.kind },
        occurredAt: now,
      });
      return { escalation, created: true, route };
    }, TX_OPTIONS);
    if (result.created) await this.notifyChange(result.escalation);
    return result;
  }

  /** Take ownership of an open escalation. Exactly one of many concurrent claimers wins; the others learn who did. */
  async claim(tenantId: string, escalationId: string, userId: string): Promise<ClaimResult> {
    const { result, changed } = await this.db.$transaction(async (tx) => {
      await this.requireStaff(tx, tenantId, userId, 'claim escalations');
      const now = this.clock();
      // UPDATE … RETURNING: the winner gets the row in the same statement; the others read who won.
      const [escalation] = await tx.escalation.updateManyAndReturn({
        where: { id: escalationId, tenantId, status: 'open' },
        data: { status: 'claimed', assigneeId: userId, claimedAt: now, version: { increment: 1 } },
      });
      if (!escalation) return { result: this.notClaimable(await this.find(tx, tenantId, escalationId), userId), changed: false };
      await recordAdoptionEvent(tx, {
        tenantId,
        userId,
        kind: 'escalation_claimed',
        data: { escalationId, groupId: escalation.groupId, waitedSeconds: secondsBetween(escalation.createdAt, now) },
        occurredAt: now,
      });
      return { result: { kind: 'claimed', escalation } satisfies ClaimResult, changed: true };
    }, TX_OPTIONS);
    if (changed) await this.notifyChange(result.escalation);
    return result;
  }

  /**
   * Hand an escalation to another staff member. An open one becomes claimed
   * on their behalf (an escalation_claimed event); a claimed one changes owner.
   */
  async reassign(tenantId: string, escalationId: string, actorId: string, toUserId: string): Promise<Escalation> {
    const escalation = await this.db.$transaction(async (tx) => {
      await this.requireStaff(tx, tenantId, actorId, 'reassign escalations');
      await this.requireStaff(tx, tenantId, toUserId, 'own escalations');
      const current = await this.find(tx, tenantId, escalationId);
      if (!isActive(current)) throw new HypercareError('conflict', `escalation ${escalationId} is ${current.status}`, { status: current.status });
      const now = this.clock();
      const wasOpen = current.status === 'open';
      const updated = await this.updateAtVersion(tx, current, {
        assigneeId: toUserId,
        status: 'claimed',
        ...(wasOpen ? { claimedAt: now } : {}),
      });
      await recordAdoptionEvent(tx, {
        tenantId,
        userId: toUserId,
        kind: wasOpen ? 'escalation_claimed' : 'escalation_reassigned',
        data: wasOpen
          ? { escalationId, groupId: updated.groupId, assignedBy: actorId, waitedSeconds: secondsBetween(updated.createdAt, now) }
          : { escalationId, groupId: updated.groupId, assignedBy: actorId, previousAssigneeId: current.assigneeId },
        occurredAt: now,
      });
      return updated;
    }, TX_OPTIONS);
    await this.notifyChange(escalation);
    return escalation;
  }

  /** The requester's follow-up, relayed to the engineers. Not a state change: the version stays. */
  async addUserMessage(tenantId: string, escalationId: string, authorId: string, text: string, attachments: unknown[] = []): Promise<EscalationMessage> {
    const escalation = await this.find(this.db, tenantId, escalationId);
    if (escalation.requesterId !== authorId) throw new HypercareError('unauthorized', 'only the person who asked can add to this escalation');
    if (!isActive(escalation)) throw new HypercareError('conflict', `escalation ${escalationId} is ${escalation.status}`, { status: escalation.status });
    return this.db.escalationMessage.create({
      data: { escalationId, authorId, direction: 'to_engineer', text: requireText(text), attachments: attachments as object[], createdAt: this.clock() },
    });
  }

  /** An engineer's reply to the requester. The first one sets firstReplyAt (once) and ends the first-reply SLA. */
  async addEngineerReply(
    tenantId: string,
    escalationId: string,
    authorId: string,
    text: string,
    attachments: unknown[] = [],
  ): Promise<{ message: EscalationMessage; escalation: Escalation; firstReply: boolean }> {
    const result = await this.db.$transaction(async (tx) => {
      await this.requireStaff(tx, tenantId, authorId, 'reply to escalations');
      const current = await this.find(tx, tenantId, escalationId);
      if (current.status !== 'claimed') {
        throw new HypercareError('conflict', `escalation ${escalationId} is ${current.status}; claim it before replying`, { status: current.status });
      }
      const now = this.clock();
      const message = await tx.escalationMessage.create({
        data: { escalationId, authorId, direction: 'to_user', text: requireText(text), attachments: attachments as object[], createdAt: now },
      });
      const [replied] = await tx.escalation.updateManyAndReturn({
        where: { id: escalationId, tenantId, status: 'claimed', firstReplyAt: null },
        data: { firstReplyAt: now, version: { increment: 1 } },
      });
      if (replied) {
        await recordAdoptionEvent(tx, {
          tenantId,
          userId: authorId,
          kind: 'escalation_first_reply',
          data: { escalationId, groupId: current.groupId, afterSeconds: secondsBetween(current.createdAt, now) },
          occurredAt: now,
        });
      }
      // Not the first reply: nothing about the escalation changed since `current` was read in this transaction.
      return { message, escalation: replied ?? current, firstReply: replied !== undefined };
    }, TX_OPTIONS);
    if (result.firstReply) await this.notifyChange(result.escalation);
    return result;
  }

  /** Close as solved; staff or the requester may. */
  async resolve(tenantId: string, escalationId: string, actorId: string): Promise<Escalation> {
    return this.close(tenantId, escalationId, actorId, 'resolved');
  }

  /** Close without a solution (the requester withdrew, or a duplicate). No adoption event kind exists for it. */
  async cancel(tenantId: string, escalationId: string, actorId: string): Promise<Escalation> {
    return this.close(tenantId, escalationId, actorId, 'cancelled');
  }

  /** The requester's satisfaction, 1–5, once, after resolution. */
  async recordCsat(tenantId: string, escalationId: string, userId: string, score: number): Promise<Escalation> {
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new HypercareError('bad_request', 'a rating is a whole number from 1 to 5');
    const escalation = await this.db.$transaction(async (tx) => {
      const current = await this.find(tx, tenantId, escalationId);
      if (current.requesterId !== userId) throw new HypercareError('unauthorized', 'only the person who asked can rate this escalation');
      if (current.status !== 'resolved') throw new HypercareError('conflict', 'an escalation can be rated once it is resolved', { status: current.status });
      const now = this.clock();
      const { count } = await tx.escalation.updateMany({
        where: { id: escalationId, tenantId, status: 'resolved', csat: null },
        data: { csat: score, version: { increment: 1 } },
      });
      if (count === 0) throw new HypercareError('conflict', 'this escalation has already been rated', { csat: current.csat });
      await recordAdoptionEvent(tx, {
        tenantId,
        userId,
        kind: 'escalation_csat',
        data: { escalationId, groupId: current.groupId, assigneeId: current.assigneeId, score },
        occurredAt: now,
      });
      return this.find(tx, tenantId, escalationId);
    }, TX_OPTIONS);
    await this.notifyChange(escalation);
    return escalation;
  }

  private async close(tenantId: string, escalationId: string, actorId: string, status: 'resolved' | 'cancelled'): Promise<Escalation> {
    const escalation = await this.db.$transaction(async (tx) => {
      const current = await this.find(tx, tenantId, escalationId);
      if (actorId !== current.requesterId) await this.requireStaff(tx, tenantId, actorId, `${status === 'resolved' ? 'resolve' : 'cancel'} escalations`);
      const now = this.clock();
      const [closed] = await tx.escalation.updateManyAndReturn({
        where: { id: escalationId, tenantId, status: { in: [...ACTIVE] } },
        data: { status, ...(status === 'resolved' ? { resolvedAt: now } : {}), version: { increment: 1 } },
      });
      if (!closed) throw new HypercareError('conflict', `escalation ${escalationId} is already ${current.status}`, { status: current.status });
      await recordAdoptionEvent(tx, {
        tenantId,
        userId: actorId,
        kind: status === 'resolved' ? 'escalation_resolved' : 'escalation_cancelled',
        data: { escalationId, groupId: current.groupId, assigneeId: current.assigneeId, afterSeconds: secondsBetween(current.createdAt, now) },
        occurredAt: now,
      });
      return closed;
    }, TX_OPTIONS);
    await this.notifyChange(escalation);
    return escalation;
  }

  /** Optimistic update: only if nobody changed the escalation since it was read. */
  private async updateAtVersion(tx: Tx, current: Escalation, data: Prisma.EscalationUpdateManyMutationInput): Promise<Escalation> {
    const { count } = await tx.escalation.updateMany({
      where: { id: current.id, tenantId: current.tenantId, version: current.version },
      data: { ...data, version: { increment: 1 } },
    });
    if (count === 0) throw new HypercareError('conflict', `escalation ${current.id} changed meanwhile; try again`);
    return this.find(tx, current.tenantId, current.id);
  }

  private notClaimable(escalation: Escalation, userId: string): ClaimResult {
    if (escalation.status === 'claimed' && escalation.assigneeId !== null) {
      // Claiming what you already own is not an error (a double click).
      if (escalation.assigneeId === userId) return { kind: 'claimed', escalation };
      return { kind: 'taken', escalation, assigneeId: escalation.assigneeId };
    }
    return { kind: 'closed', escalation };
  }

  private async find(db: Tx | Db, tenantId: string, escalationId: string): Promise<Escalation> {
    const escalation = await db.escalation.findFirst({ where: { id: escalationId, tenantId } });
    if (!escalation) throw new HypercareError('not_found', `escalation ${escalationId} not found in this tenant`);
    return escalation;
  }

  private async requireStaff(db: Tx, tenantId: string, userId: string, what: string): Promise<void> {
    const user = await db.user.findFirst({ where: { id: userId, tenantId }, select: { role: true } });
    if (!user || !STAFF_ROLES.includes(user.role)) {
      throw new HypercareError('unauthorized', `only engineers, champions and admins of this tenant can ${what}`, { userId });
    }
  }

  private async notifyChange(escalation: Escalation): Promise<void> {
    if (!this.afterChange) return;
    try {
      await this.afterChange(escalation);
    } catch (err) {
      // The change is committed; a missed timer is recovered by the SLA resync at start-up.
      this.log.warn({ escalationId: escalation.id, version: escalation.version, err }, 'could not schedule SLA timers after an escalation change');
    }
  }
}

function isActive(escalation: Escalation): boolean {
  return escalation.status === 'open' || escalation.status === 'claimed';
}

function requireText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new HypercareError('bad_request', 'a message needs some text');
  return trimmed;
}

function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}
