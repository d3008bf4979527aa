/**
 * The two-way relay between the asker's conversation and the engineers'
 * thread. Each relayed message is stored as an EscalationMessage first and
 * delivered under a key made from its row id, so it reaches the other side
 * once, on whatever platform that side uses.
 */
import type { Db } from '../db/client.js';
import type { Escalation } from '../generated/prisma/client.js';
import type { Attachment } from '../bot/core/types.js';
import { HypercareError } from '../bot/core/errors.js';
import { thanksButton } from '../bot/handlers/recognize.js';
import type { EscalationService } from './service.js';
import type { EscalationNotifier } from './notify.js';
import { loadPerson } from './context.js';
import { engineerReplyMessage, followUpMessage } from './messages.js';
import { escalationRef } from './threads.js';

/** Words are needed for the stored message; a screenshot alone is stored as its file names. */
function storedText(text: string, attachments: readonly Attachment[]): string {
  return text.trim() || attachments.map((a) => a.name).join(', ');
}

export class EscalationRelay {
  constructor(
    private readonly db: Db,
    private readonly service: EscalationService,
    private readonly notifier: EscalationNotifier,
  ) {}

  /** The asker's follow-up (details, screenshots) into the engineers' thread. */
  async toEngineers(escalation: Escalation, requesterId: string, text: string, attachments: readonly Attachment[]): Promise<void> {
    const stored = await this.service.addUserMessage(escalation.tenantId, escalation.id, requesterId, storedText(text, attachments), [...attachments]);
    const requester = await loadPerson(this.db, escalation.tenantId, requesterId);
    const ref = escalationRef(escalation.id);
    await this.notifier.toEngineers(escalation, `esc-msg:${stored.id}`, (lang) => followUpMessage(lang, requester?.name ?? '', ref, text, attachments));
  }

  /**
   * An engineer's answer to the asker. Answering an unclaimed escalation
   * claims it first: whoever replies owns it (unless someone claimed it a
   * moment earlier, in which case the reply still goes through).
   */
  async toUser(escalation: Escalation, engineerId: string, text: string, attachments: readonly Attachment[]): Promise<{ firstReply: boolean }> {
    if (escalation.status === 'open') await this.service.claim(escalation.tenantId, escalation.id, engineerId);
    if (escalation.status === 'resolved' || escalation.status === 'cancelled') {
      throw new HypercareError('conflict', `escalation ${escalation.id} is ${escalation.status}`, { status: escalation.status });
    }
    const { message, escalation: updated, firstReply } = await this.service.addEngineerReply(escalation.tenantId, escalation.id, engineerId, storedText(text, attachments), [...attachments]);
    const engineer = await loadPerson(this.db, escalation.tenantId, engineerId);
    const requester = await loadPerson(this.db, escalation.tenantId, escalation.requesterId);
    const lang = requester?.locale ?? (updated.lang === 'zh-CN' ? 'zh-CN' : 'en');
    // A champion's answer is a peer's help: the asker can thank them for it, which counts toward champion of the month.
    const answerer = await this.db.user.findFirst({ where: { id: engineerId, tenantId: escalation.tenantId }, select: { role: true } });
    const thanks = answerer?.role === 'champion' ? thanksButton(lang, updated.questionId, engineerId) : undefined;
    await this.notifier.toRequester(updated, `esc-msg:${message.id}`, engineerReplyMessage(lang, engineer?.name ?? '', text, attachments, thanks));
    return { firstReply };
  }
}
