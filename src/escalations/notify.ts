/**
 * Sends the escalation's messages to the people involved, through the one
 * outbound delivery path with delivery keys that are unique per message, so
 * a retry never posts twice:
 *   engineers: the routed group's channel (EngineerGroup.channelThreadId)
 *              and a DM to the on-call engineer; later notices go into the
 *              escalation's engineer thread (the reply thread under the
 *              channel post), else to the assignee's DM;
 *   the asker: their own conversation (Escalation.userThreadId).
 * A failed send is logged and never undoes the state change that caused it.
 */
import type { Db } from '../db/client.js';
import type { Escalation } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { Lang } from '../knowledge/types.js';
import type { OutboundDelivery } from '../delivery/outbound.js';
import type { OutgoingMessage } from '../bot/core/types.js';
import type { EscalationContext } from './context.js';
import { loadPerson } from './context.js';
import { notificationMessage } from './messages.js';
import { replyThreadOf } from './threads.js';

export function channelDeliveryKey(escalationId: string): string {
  return `esc:${escalationId}:channel`;
}

export class EscalationNotifier {
  constructor(
    private readonly db: Db,
    private readonly outbound: OutboundDelivery,
    private readonly log: Logger,
  ) {}

  /** A new escalation: the group's channel, and a DM to the on-call engineer (every member when there is no channel and nobody on call). */
  async created(ctx: EscalationContext): Promise<void> {
    const e = ctx.escalation;
    const channel = ctx.group?.channelThreadId;
    if (channel) {
      await this.send({ tenantId: e.tenantId, deliveryKey: channelDeliveryKey(e.id), kind: 'escalation_alert', threadId: channel, message: notificationMessage(ctx.tenant.defaultLang, ctx) });
      await this.bindEngineerThread(e, channel);
    }
    const direct = e.assigneeId ? [e.assigneeId] : channel || !ctx.group ? [] : await this.membersOf(e.tenantId, ctx.group.id);
    for (const userId of direct) {
      const person = await loadPerson(this.db, e.tenantId, userId);
      const lang = person?.locale ?? ctx.tenant.defaultLang;
      await this.sendDirect(e.tenantId, `esc:${e.id}:dm:${userId}`, userId, notificationMessage(lang, ctx, { dmIntro: true }));
    }
  }

  /** A message for the engineers working on it: the engineer thread, else the group channel, else the assignee. */
  async toEngineers(escalation: Escalation, deliveryKey: string, build: (lang: Lang) => OutgoingMessage): Promise<void> {
    const fresh = await this.db.escalation.findFirst({ where: { id: escalation.id, tenantId: escalation.tenantId } });
    const e = fresh ?? escalation;
    const group = e.groupId ? await this.db.engineerGroup.findFirst({ where: { id: e.groupId, tenantId: e.tenantId } }) : null;
    const tenant = await this.db.tenant.findUnique({ where: { id: e.tenantId }, select: { defaultLocale: true } });
    const defaultLang: Lang = tenant?.defaultLocale === 'zh-CN' ? 'zh-CN' : 'en';
    const thread = e.engineerThreadId ?? group?.channelThreadId ?? null;
    if (thread) {
      await this.send({ tenantId: e.tenantId, deliveryKey, kind: 'escalation_relay', threadId: thread, message: build(defaultLang) });
      return;
    }
    if (e.assigneeId) {
      const person = await loadPerson(this.db, e.tenantId, e.assigneeId);
      await this.sendDirect(e.tenantId, deliveryKey, e.assigneeId, build(person?.locale ?? defaultLang));
    }
  }

  /** A message for the asker, in their conversation. */
  async toRequester(escalation: Escalation, deliveryKey: string, message: OutgoingMessage): Promise<void> {
    await this.send({ tenantId: escalation.tenantId, deliveryKey, kind: 'escalation_relay', threadId: escalation.userThreadId, userId: escalation.requesterId, message });
  }

  /** A DM to one staff member (e.g. the new owner after a reassignment). */
  async toPerson(tenantId: string, deliveryKey: string, userId: string, build: (lang: Lang) => OutgoingMessage): Promise<void> {
    const person = await loadPerson(this.db, tenantId, userId);
    await this.sendDirect(tenantId, deliveryKey, userId, build(person?.locale ?? 'en'));
  }

  /**
   * Once the channel post is sent its id is known: the reply thread under it
   * becomes the escalation's engineer thread. Sent later by a job, the thread
   * is found on the first reply instead (EscalationFlow.byEngineerThread).
   */
  async bindEngineerThread(escalation: Escalation, channelThreadId: string): Promise<string | null> {
    const row = await this.db.outboundDelivery.findUnique({ where: { deliveryKey: channelDeliveryKey(escalation.id) }, select: { status: true, platformMessageId: true } });
    if (row?.status !== 'sent' || !row.platformMessageId) return null;
    const thread = replyThreadOf(channelThreadId, row.platformMessageId);
    if (!thread) return null;
    await this.db.escalation.updateMany({ where: { id: escalation.id, tenantId: escalation.tenantId, engineerThreadId: null }, data: { engineerThreadId: thread } });
    return thread;
  }

  private async membersOf(tenantId: string, groupId: string): Promise<string[]> {
    const members = await this.db.engineerGroupMember.findMany({ where: { groupId, group: { tenantId } }, orderBy: { position: 'asc' } });
    return members.map((m) => m.userId);
  }

  private async send(request: Parameters<OutboundDelivery['deliver']>[0]): Promise<void> {
    try {
      await this.outbound.deliver(request);
    } catch (err) {
      this.log.warn({ deliveryKey: request.deliveryKey, err: err instanceof Error ? err.message : String(err) }, 'could not send an escalation message');
    }
  }

  private async sendDirect(tenantId: string, deliveryKey: string, userId: string, message: OutgoingMessage): Promise<void> {
    try {
      const outcome = await this.outbound.deliverToUser({ tenantId, deliveryKey, kind: 'escalation_alert', userId, message });
      if (outcome === 'unreachable') this.log.info({ deliveryKey }, 'an engineer has no chat the bot can write to yet');
    } catch (err) {
      this.log.warn({ deliveryKey, err: err instanceof Error ? err.message : String(err) }, 'could not send an escalation DM');
    }
  }
}
