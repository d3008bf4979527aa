/**
 * Giving recognition: `recognize @person for …`, the "Thanks / This helped"
 * button on a peer's answer, and a manager's endorsement. Each gift is checked
 * against the anti-gaming limits and written in one transaction that holds a
 * per-giver advisory lock, so two quick clicks cannot both slip under a limit.
 * The receiver hears about it in a private message (through the outbound
 * delivery path, keyed by the recognition id, so never twice).
 */
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Lang } from '../knowledge/types.js';
import type { DirectDeliveryOutcome, DirectDeliveryRequest } from '../delivery/outbound.js';
import { recordAdoptionEvent } from './events.js';
import { sqlTime } from './metrics.js';
import type { OutgoingMessage, Platform } from '../bot/core/types.js';
import type { Logger } from '../log.js';
import { championScores, THANKS_PER_GIVER_PER_DAY, THANKS_PER_PAIR_PER_WEEK, type ChampionScore, type PeerKind } from './champions.js';

type Tx = Prisma.TransactionClient;

// Several quick gifts from one giver queue on the advisory lock; let them wait rather than fail.
const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

/** Longest reason kept; longer ones are cut (a recognition is a sentence, not an essay). */
export const MAX_REASON_CHARS = 280;

export type GiveKind = PeerKind | 'endorsement';

export interface GiveInput {
  tenantId: string;
  giverId: string;
  receiverId: string;
  kind: GiveKind;
  reason: string;
  /** For "thanks": the question whose answer helped. */
  questionId?: string;
  now?: Date;
}

export type GiveResult =
  | { kind: 'given'; recognitionId: string; receiver: Person }
  | { kind: 'self' }
  | { kind: 'daily_limit'; limit: number }
  | { kind: 'pair_limit'; limit: number; receiver: Person }
  | { kind: 'already_thanked'; receiver: Person }
  | { kind: 'not_manager' }
  | { kind: 'unknown_receiver' };

export interface Person {
  id: string;
  displayName: string;
  locale: Lang | null;
  platformLocale: string | null;
  recognitionOptOut: boolean;
  role: string;
  managerId: string | null;
  departmentId: string | null;
}

const personSelect = {
  id: true,
  displayName: true,
  locale: true,
  platformLocale: true,
  recognitionOptOut: true,
  role: true,
  managerId: true,
  departmentId: true,
} as const;

export type DirectSend = (request: DirectDeliveryRequest) => Promise<DirectDeliveryOutcome>;

/** How far back `/hypercare leaderboard` looks. */
export const LEADERBOARD_DAYS = 30;
export const LEADERBOARD_SIZE = 5;

export class RecognitionService {
  constructor(
    private readonly db: Db,
    /** Private messages to people (the outbound path's deliverToUser). */
    private readonly sendDirect: DirectSend,
    private readonly log: Logger,
  ) {}

  /** Tell the receiver privately; a failure to notify never undoes the recognition. */
  async notify(tenantId: string, recognitionId: string, receiverId: string, message: OutgoingMessage): Promise<void> {
    try {
      await this.sendDirect({ tenantId, userId: receiverId, deliveryKey: `recognition:${recognitionId}`, kind: 'recognition', message });
    } catch (err) {
      this.log.warn({ recognitionId, err: err instanceof Error ? err.message : String(err) }, 'could not notify the receiver of a recognition');
    }
  }

  /** A person by their platform identity (a Slack <@U…> mention, a local user id). */
  async byPlatformId(tenantId: string, platform: Platform, platformUserId: string): Promise<Person | null> {
    const row = await this.db.user.findFirst({ where: { tenantId, platform, platformUserId }, select: personSelect });
    return row && toPerson(row);
  }

  /** A Teams mention: its 29: id is on the person's stored conversation reference, the AAD id is their platform id. */
  async byTeamsMention(tenantId: string, mention: { id: string; aadObjectId?: string }): Promise<Person | null> {
    const ids = [mention.id, ...(mention.aadObjectId ? [mention.aadObjectId] : [])];
    const row = await this.db.user.findFirst({
      where: {
        tenantId,
        platform: 'teams',
        OR: [{ platformUserId: { in: ids } }, { conversationRef: { path: ['user', 'id'], equals: mention.id } }],
      },
      select: personSelect,
    });
    return row && toPerson(row);
  }

  /** People a typed handle can mean: their chat id, email or display name (case-insensitive), in this tenant. */
  async byHandle(tenantId: string, handle: string): Promise<Person[]> {
    const rows = await this.db.user.findMany({
      where: {
        tenantId,
        OR: [
          { platformUserId: handle },
          { email: { equals: handle, mode: 'insensitive' } },
          { displayName: { equals: handle, mode: 'insensitive' } },
        ],
      },
      select: personSelect,
      take: 5,
    });
    return rows.map(toPerson);
  }

  /** The top champions of the person's department (the whole tenant when they have none), people who opted out left out. */
  async leaderboard(tenantId: string, userId: string, now = new Date()): Promise<{ departmentName: string | null; entries: ChampionScore[] }> {
    const me = await this.db.user.findFirst({ where: { id: userId, tenantId }, select: { department: { select: { id: true, name: true } } } });
    const department = me?.department ?? null;
    const entries = await championScores(this.db, {
      tenantId,
      from: new Date(now.getTime() - LEADERBOARD_DAYS * 86_400_000),
      to: now,
      ...(department ? { departmentIds: [department.id] } : {}),
      publicOnly: true,
      limit: LEADERBOARD_SIZE,
    });
    return { departmentName: department?.name ?? null, entries };
  }

  async person(tenantId: string, userId: string): Promise<Person | null> {
    const row = await this.db.user.findFirst({ where: { id: userId, tenantId }, select: personSelect });
    return row && toPerson(row);
  }

  /** Record a recognition if every limit allows it; otherwise say which limit refused it. */
  async give(input: GiveInput): Promise<GiveResult> {
    const now = input.now ?? new Date();
    if (input.giverId === input.receiverId) return { kind: 'self' };
    return this.db.$transaction(async (tx) => {
      // One giver at a time: the limit counts below must see every earlier gift of this giver.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`recognition:${input.tenantId}:${input.giverId}`}))`;
      const [giver, receiverRow] = await Promise.all([
        tx.user.findFirst({ where: { id: input.giverId, tenantId: input.tenantId }, select: personSelect }),
        tx.user.findFirst({ where: { id: input.receiverId, tenantId: input.tenantId }, select: personSelect }),
      ]);
      if (!giver || !receiverRow) return { kind: 'unknown_receiver' };
      const receiver = toPerson(receiverRow);

      if (input.kind === 'endorsement') {
        const mayEndorse = giver.role === 'admin' || giver.role === 'manager' || receiver.managerId === giver.id;
        if (!mayEndorse) return { kind: 'not_manager' };
      } else {
        if (input.kind === 'thanks' && input.questionId) {
          const earlier = await tx.recognition.count({
            where: { tenantId: input.tenantId, kind: 'thanks', giverId: giver.id, receiverId: receiver.id, questionId: input.questionId },
          });
          if (earlier > 0) return { kind: 'already_thanked', receiver };
        }
        const counts = await peerCounts(tx, input.tenantId, giver.id, receiver.id, now);
        if (counts.today >= THANKS_PER_GIVER_PER_DAY) return { kind: 'daily_limit', limit: THANKS_PER_GIVER_PER_DAY };
        if (counts.pairThisWeek >= THANKS_PER_PAIR_PER_WEEK) return { kind: 'pair_limit', limit: THANKS_PER_PAIR_PER_WEEK, receiver };
      }

      const created = await tx.recognition.create({
        data: {
          tenantId: input.tenantId,
          giverId: giver.id,
          receiverId: receiver.id,
          kind: input.kind,
          reason: cleanReason(input.reason),
          questionId: input.questionId ?? null,
          createdAt: now,
        },
        select: { id: true },
      });
      await recordAdoptionEvent(tx, {
        tenantId: input.tenantId,
        userId: giver.id,
        kind: 'recognition_given',
        data: { recognitionId: created.id, recognitionKind: input.kind },
        occurredAt: now,
      });
      return { kind: 'given', recognitionId: created.id, receiver };
    }, TX_OPTIONS);
  }

  /** "Thanks" on an answer: only the asker may give it, and only to someone who answered their escalated question. */
  async answererOf(tenantId: string, questionId: string, candidateId: string): Promise<{ askerId: string; lang: Lang } | null> {
    const escalation = await this.db.escalation.findFirst({
      where: { tenantId, questionId },
      select: { requesterId: true, assigneeId: true, lang: true, messages: { where: { authorId: candidateId, direction: 'to_user' }, select: { id: true }, take: 1 } },
    });
    if (!escalation) return null;
    const answered = escalation.assigneeId === candidateId || escalation.messages.length > 0;
    return answered ? { askerId: escalation.requesterId, lang: escalation.lang === 'zh-CN' ? 'zh-CN' : 'en' } : null;
  }

  async setOptOut(tenantId: string, userId: string, optOut: boolean): Promise<void> {
    await this.db.user.updateMany({ where: { id: userId, tenantId }, data: { recognitionOptOut: optOut } });
  }
}

/** The giver's peer recognitions today and to this receiver this week, in the tenant's calendar. */
async function peerCounts(tx: Tx, tenantId: string, giverId: string, receiverId: string, now: Date): Promise<{ today: number; pairThisWeek: number }> {
  const [row] = await tx.$queryRaw<{ today: number; pair: number }[]>`
    WITH tenant AS (SELECT "timezone" AS tz FROM "Tenant" WHERE "id" = ${tenantId}),
    local AS (
      SELECT r."receiverId", (r."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE tenant.tz AS at,
             ${now.toISOString()}::timestamptz AT TIME ZONE tenant.tz AS now
      FROM "Recognition" r CROSS JOIN tenant
      WHERE r."tenantId" = ${tenantId} AND r."giverId" = ${giverId} AND r."kind" IN ('thanks', 'recognize')
        AND r."receiverId" <> r."giverId"
        AND r."createdAt" > ${sqlTime(new Date(now.getTime() - 8 * 86_400_000))}::timestamp(3) AND r."createdAt" <= ${sqlTime(now)}::timestamp(3)
    )
    SELECT count(*) FILTER (WHERE at::date = now::date)::int AS today,
           count(*) FILTER (WHERE "receiverId" = ${receiverId} AND date_trunc('week', at) = date_trunc('week', now))::int AS pair
    FROM local`;
  return { today: row?.today ?? 0, pairThisWeek: row?.pair ?? 0 };
}

/** One line, no control characters, at most MAX_REASON_CHARS characters. */
export function cleanReason(reason: string): string {
  const oneLine = reason.replace(/[\u0000-\u001F\u007F]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(oneLine);
  return chars.length <= MAX_REASON_CHARS ? oneLine : `${chars.slice(0, MAX_REASON_CHARS - 1).join('')}…`;
}

function toPerson(row: {
  id: string;
  displayName: string;
  locale: string | null;
  platformLocale: string | null;
  recognitionOptOut: boolean;
  role: string;
  managerId: string | null;
  departmentId: string | null;
}): Person {
  return { ...row, locale: row.locale === 'en' || row.locale === 'zh-CN' ? row.locale : null };
}
