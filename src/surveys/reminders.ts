/**
 * Survey reminders, a batch at a time, the way invites go (see invites.ts):
 * the reminder job of a run queues send-reminders jobs of up to 100 invites,
 * and each batch reads its invites in one query, checks anonymous answers in
 * one more, hands the messages to the outbound path in one insert and one
 * queue call, and marks them reminded in one update. Reminding a run of
 * 10,000 people one by one cost three round trips per person in one long job.
 *
 * Safe to run again: each reminder goes under the delivery key
 * `survey-reminder:<runId>:<userId>`, so a batch that crashed after sending
 * and before marking sends nothing twice when it runs again.
 */
import type { Db } from '../db/client.js';
import type { DeliveryRequest, OutboundDelivery } from '../delivery/outbound.js';
import { respondentKey } from './answers.js';
import { isLive, type InviteContexts, type LiveInvite } from './invite-context.js';
import { surveyDelivery } from './invites.js';

export type ReminderOutcome = 'sent' | 'skipped' | 'unreachable';

export class SurveyReminders {
  constructor(
    private readonly deps: { db: Db; outbound: OutboundDelivery; secret: string },
    private readonly contexts: InviteContexts,
    private readonly now: () => Date,
  ) {}

  /** The invites of these that may be reminded: sent, not reminded, run still open, person reachable and not opted out. */
  private async dueAmong(inviteIds: readonly string[]): Promise<LiveInvite[]> {
    const now = this.now();
    const due = (await this.contexts.loadMany(inviteIds)).filter(
      (invite): invite is LiveInvite => isLive(invite, now) && invite.sentAt !== null && invite.remindedAt === null && invite.respondedAt === null,
    );
    const answered = await this.answeredAnonymously(due.filter((invite) => invite.anonymous));
    return due.filter((invite) => !answered.has(invite.inviteId));
  }

  /** Remind these invites' people, unless they answered, opted out, or the run closed. */
  async send(inviteIds: readonly string[]): Promise<Map<string, ReminderOutcome>> {
    const outcomes = new Map<string, ReminderOutcome>(inviteIds.map((id) => [id, 'skipped']));
    const deliveries: DeliveryRequest[] = [];
    const reminded: string[] = [];
    for (const invite of await this.dueAmong(inviteIds)) {
      const delivery = surveyDelivery(this.deps.outbound, invite, { reminder: true });
      if (!delivery) {
        outcomes.set(invite.inviteId, 'unreachable');
        continue;
      }
      deliveries.push(delivery);
      reminded.push(invite.inviteId);
      outcomes.set(invite.inviteId, 'sent');
    }
    await this.deps.outbound.deliverMany(deliveries);
    if (reminded.length > 0) {
      await this.deps.db.$executeRaw`UPDATE "SurveyInvite" SET "remindedAt" = ${this.now().toISOString()}::timestamp(3) WHERE id = ANY(${reminded}::text[])`;
    }
    return outcomes;
  }

  /**
   * Anonymous surveys store no link from invite to answer, only each
   * respondent's keyed hash (answers.ts): the invites whose hash has an
   * answer in their run, in one query.
   */
  private async answeredAnonymously(invites: readonly LiveInvite[]): Promise<Set<string>> {
    if (invites.length === 0) return new Set();
    const keyOf = new Map(invites.map((invite) => [respondentKey(this.deps.secret, invite.runId, invite.person.id), invite.inviteId]));
    const rows = await this.deps.db.surveyResponse.findMany({
      where: { runId: { in: [...new Set(invites.map((invite) => invite.runId))] }, respondentKey: { in: [...keyOf.keys()] } },
      select: { respondentKey: true },
    });
    return new Set(rows.flatMap((row) => (row.respondentKey ? [keyOf.get(row.respondentKey)!] : [])));
  }
}
