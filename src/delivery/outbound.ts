/**
 * The one path for proactive messages (survey invites, reminders, digests,
 * escalation alerts and relays). A message is first written as an
 * OutboundDelivery row under a caller-chosen delivery key that is unique in
 * the database, so a retried job or a re-run fan-out never creates a second
 * one; then a BullMQ job (carrying only the key) sends it through the
 * channel of its thread, and the row records the result. Without Redis the
 * message is sent inline, so the local channel still works.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Jobs } from '../jobs/system.js';
import type { OutgoingMessage, Platform } from '../bot/core/types.js';
import { HypercareError } from '../bot/core/errors.js';
import { rateKeyOf, type SendRateLimiter } from './rate-limit.js';
import { uuid7 } from '../db/uuid7.js';

/**
 * Marks a row whose send has started. A crash before the answer leaves it so;
 * the retry cannot tell whether the platform posted it (Slack offers no
 * idempotency key, and reading conversations.history is off limits), so it
 * gives the row up instead of risking a second copy: never sent twice.
 */
export const IN_FLIGHT = 'in flight';

/**
 * A queued send whose rate slot is further off than this steps aside (its job
 * is delayed until its turn) instead of waiting in a worker's job slot: with
 * several workspaces and tenants sending at once, one key's waiting sends
 * would otherwise fill every job slot and hold up all the others
 * (bench:survey-fanout saw one platform at half its rate behind the other).
 */
export const STEP_ASIDE_BEYOND_MS = 250;

/** Thrown by `process` when the send stepped aside: run it again in `retryInMs`. Nothing was sent or written. */
export class SendDeferred extends Error {
  constructor(readonly retryInMs: number) {
    super(`send waits ${retryInMs} ms for its rate slot`);
    this.name = 'SendDeferred';
  }
}

/** How the outbound path drives one send. */
export interface SendOptions {
  /**
   * Awaited once (every channel must), right before the request that posts the message and after
   * the channel's own lookups (token, DM channel, conversation reference):
   * the outbound path confirms the rate and marks the row in flight here,
   * so no lookup sits between that check and the post.
   */
  beforePost: () => Promise<void>;
  /**
   * The caller paces sends with a limiter shared by all workers and retries
   * rate-limited ones through it: post once and report a 429 as
   * rate_limited, instead of waiting and retrying outside the limiter.
   */
  paced?: boolean;
}

export interface ChannelSender {
  /** Post `message` to `threadId`; returns the platform's id of the posted message, if any. */
  send(delivery: { tenantId: string; threadId: string; userId: string | null }, message: OutgoingMessage, options?: SendOptions): Promise<{ platformMessageId?: string }>;
  /**
   * The thread of a private chat with this person, or null when the platform
   * gives the bot no way to start one yet (e.g. a Teams user who never opened
   * the bot, or a roster person not yet matched to a chat account).
   */
  directThreadOf(person: DirectRecipient): string | null;
}

/** What a channel needs to know to reach a person privately. */
export interface DirectRecipient {
  /** The platform's id of the tenant (Slack team, Teams tenant, "local"). */
  tenantExternalId: string;
  platformUserId: string;
  conversationRef: unknown;
}

export interface DeliveryRequest {
  tenantId: string;
  /** Unique for this message forever, e.g. `survey:<runId>:<userId>` or `digest:<managerId>:2026-W48`. */
  deliveryKey: string;
  /** What it is, for metrics and troubleshooting: "survey", "reminder", "digest", "sla_alert", "relay"… */
  kind: string;
  threadId: string;
  userId?: string;
  message: OutgoingMessage;
}

export type DeliveryOutcome = 'queued' | 'sent' | 'duplicate';

/** The columns of a delivery that sending it needs. */
interface PendingRow {
  id: string;
  tenantId: string;
  kind: string;
  threadId: string;
  userId: string | null;
  message: unknown;
  status: string;
  attempts: number;
  lastError: string | null;
}

/** A private message to one person: the thread is worked out from their chat account. */
export type DirectDeliveryRequest = Omit<DeliveryRequest, 'threadId' | 'userId'> & { userId: string };

/** `unreachable`: the person has no chat account the bot can write to yet; nothing was recorded. */
export type DirectDeliveryOutcome = DeliveryOutcome | 'unreachable';

export class OutboundDelivery {
  constructor(
    private readonly db: Db,
    private readonly jobs: Jobs,
    private readonly senders: Partial<Record<Platform, ChannelSender>>,
    private readonly log: Logger,
    /** Shared per-workspace/tenant pacing (Redis); none means no pacing beyond the platform's 429s. */
    private readonly limiter?: SendRateLimiter,
  ) {}

  /** Record the message under its key and have it sent; a key seen before does nothing. */
  async deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
    this.assertSendable(request);
    if ((await this.insertRows([request])).size === 0) {
      await this.requeueStranded([request.deliveryKey]);
      return 'duplicate';
    }
    if (!this.jobs.available) {
      await this.process(request.deliveryKey);
      return 'sent';
    }
    await this.enqueueSends([request]);
    return 'queued';
  }

  /**
   * The same for many messages (a survey fan-out's batch): one insert, one
   * turn request per workspace or tenant and one queue round trip, instead
   * of three round trips per message. Keys seen before do nothing (a stranded
   * one is queued again).
   */
  async deliverMany(requests: readonly DeliveryRequest[]): Promise<void> {
    for (const request of requests) this.assertSendable(request);
    if (!this.jobs.available) {
      for (const request of requests) await this.deliver(request);
      return;
    }
    if (requests.length === 0) return;
    const fresh = await this.insertRows(requests);
    await this.requeueStranded(requests.filter((r) => !fresh.has(r.deliveryKey)).map((r) => r.deliveryKey));
    await this.enqueueSends(requests.filter((r) => fresh.has(r.deliveryKey)));
  }

  private assertSendable({ threadId }: DeliveryRequest): void {
    const platform = platformOf(threadId);
    if (!this.senders[platform]) throw new HypercareError('bad_request', `no channel can send to ${platform} threads`);
  }

  /**
   * Write the rows; returns the keys that were new. Raw SQL on this path (and in process): a fan-out
   * runs it for every recipient, and through Prisma's query builder each statement cost 0.5-0.7 ms of
   * CPU, which starved the paced sends (bench:survey-fanout).
   */
  private async insertRows(requests: readonly DeliveryRequest[]): Promise<Set<string>> {
    const inserted = await this.db.$queryRaw<{ deliveryKey: string }[]>`
      INSERT INTO "OutboundDelivery" ("id", "tenantId", "deliveryKey", "kind", "threadId", "userId", "message")
      SELECT id, "tenantId", "deliveryKey", kind, "threadId", "userId", message::jsonb
      FROM unnest(${requests.map(() => uuid7())}::text[], ${requests.map((r) => r.tenantId)}::text[], ${requests.map((r) => r.deliveryKey)}::text[],
                  ${requests.map((r) => r.kind)}::text[], ${requests.map((r) => r.threadId)}::text[], ${requests.map((r) => r.userId ?? null)}::text[],
                  ${requests.map((r) => JSON.stringify(r.message))}::text[]) AS n(id, "tenantId", "deliveryKey", kind, "threadId", "userId", message)
      ON CONFLICT ("deliveryKey") DO NOTHING
      RETURNING "deliveryKey"`;
    return new Set(inserted.map((row) => row.deliveryKey));
  }

  /**
   * A caller that crashed between writing a row and queueing its job left
   * it pending with no job; its retry lands here. The job id is derived from
   * the key, so BullMQ adds nothing while the first job still exists.
   */
  private async requeueStranded(deliveryKeys: readonly string[]): Promise<void> {
    if (!this.jobs.available || deliveryKeys.length === 0) return;
    const pending = await this.db.$queryRaw<{ deliveryKey: string; threadId: string }[]>`
      SELECT "deliveryKey", "threadId" FROM "OutboundDelivery" WHERE "deliveryKey" = ANY(${[...deliveryKeys]}::text[]) AND "status" = 'pending'`;
    await this.enqueueSends(pending);
  }

  /**
   * Queue the send jobs. Behind a backlog (a survey fan-out), each is queued
   * for its turn under its workspace's or tenant's rate: fetched early, it
   * would only step aside.
   */
  private async enqueueSends(sends: readonly { deliveryKey: string; threadId: string }[]): Promise<void> {
    if (sends.length === 0) return;
    const byRateKey = new Map<string | undefined, { deliveryKey: string; threadId: string }[]>();
    for (const send of sends) {
      const key = rateKeyOf(send.threadId);
      const group = byRateKey.get(key);
      if (group) group.push(send);
      else byRateKey.set(key, [send]);
    }
    const jobs: { data: { deliveryKey: string; rateKey?: string }; opts: { jobId: string; delay?: number } }[] = [];
    for (const [rateKey, group] of byRateKey) {
      const delays = rateKey && this.limiter ? await this.limiter.turns(rateKey, group.length, STEP_ASIDE_BEYOND_MS) : [];
      group.forEach(({ deliveryKey }, i) => {
        const delay = delays[i] ?? 0;
        // Job ids may not hold ':'; a hash of the key keeps BullMQ's own de-duplication too.
        jobs.push({ data: { deliveryKey, ...(rateKey ? { rateKey } : {}) }, opts: { jobId: jobIdFor(deliveryKey), ...(delay > 0 ? { delay } : {}) } });
      });
    }
    await this.jobs.enqueueMany('outbound.deliver', jobs);
  }

  /** Send `message` privately to a person of the tenant (survey invites, digests, alerts to an engineer). */
  async deliverToUser(request: DirectDeliveryRequest): Promise<DirectDeliveryOutcome> {
    const threadId = await this.directThreadOf(request.tenantId, request.userId);
    if (!threadId) return 'unreachable';
    return this.deliver({ ...request, threadId });
  }

  /** The private thread of a person of the tenant, or null when no channel can reach them. */
  async directThreadOf(tenantId: string, userId: string): Promise<string | null> {
    const user = await this.db.user.findFirst({
      where: { id: userId, tenantId },
      select: { platform: true, platformUserId: true, conversationRef: true, tenant: { select: { externalId: true } } },
    });
    if (!user) throw new HypercareError('not_found', `no user ${userId} in this tenant`);
    return this.directThreadFor(user.platform, { tenantExternalId: user.tenant.externalId, platformUserId: user.platformUserId, conversationRef: user.conversationRef });
  }

  /** The same for a person the caller has already read (a survey fan-out reads them with their invite). */
  directThreadFor(platform: Platform, person: DirectRecipient): string | null {
    return this.senders[platform]?.directThreadOf(person) ?? null;
  }

  /**
   * Send one recorded delivery (the outbound.deliver job). Safe to run again: a sent row is left alone.
   * With `stepAside`, a send whose rate slot is more than STEP_ASIDE_BEYOND_MS off throws SendDeferred
   * before posting or writing anything; without, it waits for the slot. A job that knows its `rateKey`
   * takes the slot before reading the row, so stepping aside costs no database round trip.
   */
  async process(deliveryKey: string, options: { stepAside?: boolean; rateKey?: string } = {}): Promise<void> {
    if (options.rateKey) await this.takeSlot(options.rateKey, options.stepAside);
    const [row] = await this.db.$queryRaw<PendingRow[]>`
      SELECT "id", "tenantId", "kind", "threadId", "userId", "message", "status"::text AS "status", "attempts", "lastError"
      FROM "OutboundDelivery" WHERE "deliveryKey" = ${deliveryKey}`;
    if (!row) throw new HypercareError('not_found', `no outbound delivery under key ${deliveryKey}`);
    if (row.status !== 'pending') return;
    if (row.lastError === IN_FLIGHT && row.attempts > 0) {
      await this.markFailed(deliveryKey, 'interrupted while sending (process stopped); not sent again so it is never sent twice');
      this.log.warn({ deliveryKey, kind: row.kind }, 'an earlier attempt stopped mid-send; given up rather than risk a duplicate');
      return;
    }
    const sender = this.senders[platformOf(row.threadId)];
    if (!sender) throw new HypercareError('bad_request', `no channel can send to ${row.threadId}`);
    const rateKey = rateKeyOf(row.threadId);
    const limiter = rateKey ? this.limiter : undefined;
    // The slot before the channel's lookups (they may take a while; confirm spaces the posts themselves).
    if (rateKey && rateKey !== options.rateKey) await this.takeSlot(rateKey, options.stepAside);
    const markInFlight = () => this.db.$executeRaw`UPDATE "OutboundDelivery" SET "attempts" = "attempts" + 1, "lastError" = ${IN_FLIGHT} WHERE "id" = ${row.id}`;
    // The mark goes between the rate check's wait and its take (see RedisRateLimiter.confirm).
    const beforePost = async () => void (limiter ? await limiter.confirm(rateKey!, markInFlight) : await markInFlight());
    try {
      const result = await sender.send({ tenantId: row.tenantId, threadId: row.threadId, userId: row.userId }, row.message as unknown as OutgoingMessage, { beforePost, paced: Boolean(limiter) });
      await this.db.$executeRaw`
        UPDATE "OutboundDelivery" SET "status" = 'sent', "sentAt" = ${new Date().toISOString()}::timestamp(3), "platformMessageId" = ${result.platformMessageId ?? null}, "lastError" = NULL
        WHERE "id" = ${row.id} AND "status" = 'pending'`;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.db.outboundDelivery.update({ where: { id: row.id }, data: { lastError: message.slice(0, 500) } });
      // The platform said "slow down": every worker waits, not just this one.
      const retryAfterMs = retryAfterOf(err);
      if (limiter && retryAfterMs !== undefined) await limiter.pause(rateKey!, retryAfterMs);
      this.log.warn({ deliveryKey, kind: row.kind, err: message }, 'outbound delivery failed; it will be retried');
      throw err;
    }
  }

  /** Wait for a send slot under `rateKey`; stepping aside instead when it is far off and the caller may. */
  private async takeSlot(rateKey: string, stepAside = false): Promise<void> {
    if (!this.limiter) return;
    for (;;) {
      const slot = await this.limiter.reserve(rateKey, STEP_ASIDE_BEYOND_MS);
      if (slot.taken) return;
      if (stepAside) throw new SendDeferred(slot.retryInMs);
      await sleep(slot.retryInMs);
    }
  }

  /** Mark a delivery as given up (after the job's last attempt). */
  async markFailed(deliveryKey: string, reason: string): Promise<void> {
    await this.db.outboundDelivery.updateMany({ where: { deliveryKey, status: 'pending' }, data: { status: 'failed', lastError: reason.slice(0, 500) } });
  }
}

export function platformOf(threadId: string): Platform {
  const prefix = threadId.slice(0, threadId.indexOf(':'));
  if (prefix === 'local' || prefix === 'slack' || prefix === 'teams') return prefix;
  throw new HypercareError('bad_request', `thread id "${threadId}" names no known platform`);
}

/** Milliseconds a rate_limited error asks to wait (Slack gives seconds, Teams milliseconds). */
function retryAfterOf(err: unknown): number | undefined {
  if (!(err instanceof HypercareError) || err.code !== 'rate_limited') return undefined;
  const details = err.details ?? {};
  if (typeof details.retryAfterMs === 'number') return details.retryAfterMs;
  if (typeof details.retryAfterSec === 'number') return details.retryAfterSec * 1000;
  return 1000;
}

function jobIdFor(deliveryKey: string): string {
  return `d-${createHash('sha256').update(deliveryKey).digest('hex').slice(0, 40)}`;
}
