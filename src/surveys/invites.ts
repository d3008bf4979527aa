/**
 * Sending survey invites, a batch at a time. A fan-out to 10,000 people sent
 * them one job each, and each cost about ten database and queue round trips
 * (read, a five-statement fatigue transaction, the outbound row, its job):
 * in bench:survey-fanout those round trips, not the platforms' rates, were
 * what the workers' CPU went on. A batch reads its invites in one query,
 * decides the fatigue guard for all of them in one transaction, and hands
 * the messages to the outbound path in one insert and one queue call. Every
 * step is safe to run again: a claimed invite is not claimed twice, and each
 * message goes under the delivery key `survey:<runId>:<userId>`.
 */
import type { Db } from '../db/client.js';
import type { Jobs } from '../jobs/system.js';
import type { DeliveryRequest, OutboundDelivery } from '../delivery/outbound.js';
import type { Lang } from '../knowledge/types.js';
import { langFromLocale } from '../bot/core/language.js';
import { DEFAULT_FATIGUE_WINDOW_DAYS, fatigueDecision, type RecentInvite } from './fatigue.js';
import { surveyMessage } from './form.js';
import { isLive, type InviteContexts, type LiveInvite } from './invite-context.js';
import type { SurveyDefinition } from './definition-schema.js';

const DAY_MS = 86_400_000;

/** sent: handed to the outbound path; waiting: the fatigue guard said later (a job is queued for then). */
export type InviteOutcome = 'sent' | 'waiting' | 'skipped' | 'unreachable';

export class SurveyInvites {
  constructor(
    private readonly deps: { db: Db; jobs: Jobs; outbound: OutboundDelivery },
    private readonly contexts: InviteContexts,
    private readonly now: () => Date,
  ) {}

  /** Send these invites, unless the person opted out, the run closed, or the fatigue guard says later. */
  async send(inviteIds: readonly string[]): Promise<Map<string, InviteOutcome>> {
    const outcomes = new Map<string, InviteOutcome>(inviteIds.map((id) => [id, 'skipped']));
    const now = this.now();
    const live = (await this.contexts.loadMany(inviteIds)).filter((invite) => isLive(invite, now));
    const later = await this.claim(live.filter((invite) => !invite.sentAt), now);

    const deliveries: DeliveryRequest[] = [];
    const unreachable: string[] = [];
    const waiting: { inviteId: string; at: number }[] = [];
    for (const invite of live) {
      const earliestAt = later.get(invite.inviteId);
      if (earliestAt !== undefined) {
        if (earliestAt < invite.closesAt.getTime()) waiting.push({ inviteId: invite.inviteId, at: earliestAt });
        continue;
      }
      const delivery = surveyDelivery(this.deps.outbound, invite, { reminder: false });
      if (!delivery) {
        unreachable.push(invite.inviteId);
        continue;
      }
      deliveries.push(delivery);
      outcomes.set(invite.inviteId, 'sent');
    }
    // Nobody can reach them yet: unclaim, so a later run of this job (or the reminder) can.
    if (unreachable.length > 0) await this.deps.db.$executeRaw`UPDATE "SurveyInvite" SET "sentAt" = NULL WHERE id = ANY(${unreachable}::text[])`;
    for (const id of unreachable) outcomes.set(id, 'unreachable');
    if (waiting.length > 0) {
      await this.deps.jobs.enqueueMany(
        'surveys.send-invite',
        waiting.map(({ inviteId, at }) => ({ data: { inviteId }, opts: { jobId: `invite.${inviteId}.w${at}`, delay: Math.max(0, at - now.getTime()) } })),
      );
    }
    for (const { inviteId } of waiting) outcomes.set(inviteId, 'waiting');
    await this.deps.outbound.deliverMany(deliveries);
    return outcomes;
  }

  /**
   * The fatigue guard for a batch, in one transaction: the people's rows are
   * locked (in id order, so two batches cannot deadlock) so that two surveys
   * cannot both pass the guard for one person; then their recent invites are
   * read, each invite decided, and the allowed ones marked sent. Returns the
   * invites that must wait, with the earliest time they may go.
   */
  private async claim(invites: readonly LiveInvite[], now: Date): Promise<Map<string, number>> {
    const later = new Map<string, number>();
    if (invites.length === 0) return later;
    const userIds = [...new Set(invites.map((invite) => invite.person.id))].sort();
    const tenantIds = [...new Set(invites.map((invite) => invite.tenantId))];
    const longestWindowDays = Math.max(...invites.map((invite) => fatigueWindowDays(invite.person.tenant.settings)));
    await this.deps.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM (SELECT id FROM "User" WHERE id = ANY(${userIds}::text[]) ORDER BY id FOR UPDATE) AS locked`;
      const rows = await tx.$queryRaw<(RecentInvite & { inviteId: string; userId: string })[]>`
        SELECT i.id AS "inviteId", i."userId", i."sentAt", s.priority
        FROM "SurveyInvite" i JOIN "SurveyRun" r ON r.id = i."runId" JOIN "Survey" s ON s.id = r."surveyId"
        WHERE i."tenantId" = ANY(${tenantIds}::text[]) AND i."userId" = ANY(${userIds}::text[])
          AND i."sentAt" >= ${new Date(now.getTime() - longestWindowDays * DAY_MS).toISOString()}::timestamp(3)`;
      const recentByUser = new Map<string, (RecentInvite & { inviteId: string })[]>();
      for (const row of rows) {
        const recent = recentByUser.get(row.userId);
        if (recent) recent.push(row);
        else recentByUser.set(row.userId, [row]);
      }
      const allowed: string[] = [];
      for (const invite of invites) {
        const recent = (recentByUser.get(invite.person.id) ?? []).filter((r) => r.inviteId !== invite.inviteId);
        const windowDays = fatigueWindowDays(invite.person.tenant.settings);
        const verdict = fatigueDecision({ now, priority: invite.priority, recentInvites: recent, rule: { windowDays } });
        if (!verdict.allowed) {
          later.set(invite.inviteId, verdict.earliestAt.getTime());
          continue;
        }
        allowed.push(invite.inviteId);
        // A second invite for the same person in this batch sees this one.
        recentByUser.set(invite.person.id, [...recent, { inviteId: invite.inviteId, sentAt: now, priority: invite.priority }]);
      }
      if (allowed.length > 0) await tx.$executeRaw`UPDATE "SurveyInvite" SET "sentAt" = ${now.toISOString()}::timestamp(3) WHERE id = ANY(${allowed}::text[])`;
    });
    return later;
  }
}

/**
 * The outbound delivery of a survey invite or reminder to the invited
 * person's private chat, under a key unique per run and person; null when
 * no channel can reach them yet.
 */
export function surveyDelivery(outbound: OutboundDelivery, invite: LiveInvite, { reminder }: { reminder: boolean }): DeliveryRequest | null {
  const { person, survey } = invite;
  const threadId = outbound.directThreadFor(person.platform, { tenantExternalId: person.tenant.externalId, platformUserId: person.platformUserId, conversationRef: person.conversationRef });
  if (!threadId) return null;
  const message = surveyMessage({ survey, runId: invite.runId, closesAt: invite.closesAt, tz: scheduleTz(survey), lang: langOf(person), reminder });
  const [prefix, kind] = reminder ? ['survey-reminder', 'survey_reminder'] : ['survey', 'survey'];
  return { tenantId: invite.tenantId, deliveryKey: `${prefix}:${invite.runId}:${person.id}`, kind, threadId, userId: person.id, message };
}

export function langOf(user: { locale: string | null; platformLocale: string | null; tenant: { defaultLocale: string } }): Lang {
  return langFromLocale(user.locale) ?? langFromLocale(user.platformLocale) ?? langFromLocale(user.tenant.defaultLocale) ?? 'en';
}

export function scheduleTz(survey: SurveyDefinition): string {
  return survey.schedule.tz;
}

function fatigueWindowDays(settings: unknown): number {
  const value = (settings as { surveys?: { fatigueWindowDays?: unknown } } | null)?.surveys?.fatigueWindowDays;
  return typeof value === 'number' && value >= 0 ? value : DEFAULT_FATIGUE_WINDOW_DAYS;
}
