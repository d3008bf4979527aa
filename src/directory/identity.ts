/**
 * One person, one row. The roster knows people by email before they ever
 * chat (placeholder rows, `roster:<email>`); when a chat account's email
 * becomes known (Slack users.info or directory sync, Teams member lookup),
 * the chat row absorbs the roster row: it takes the roster's attributes
 * (role, department, wave, manager, site, employee id) and everything that
 * pointed at the roster row (reports, usage, invites, …) is moved over, in
 * one transaction. The chat row is kept because the platform identity is
 * the key every inbound message arrives with.
 */
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import { ROSTER_PLATFORM_USER_PREFIX } from './placeholders.js';

type Tx = Prisma.TransactionClient;

/**
 * Every column that holds a person's User.id. `unique` lists the columns that
 * form a unique key with it: a roster row's entry is dropped where the chat
 * row already has one (the chat row's is the real one). A test compares this
 * list with the schema, so a new person column cannot be forgotten here.
 */
export const PERSON_COLUMNS: readonly { table: string; column: string; unique?: readonly string[] }[] = [
  { table: 'User', column: 'managerId' },
  { table: 'Question', column: 'userId' },
  { table: 'Feedback', column: 'userId', unique: ['questionId'] },
  { table: 'EngineerGroupMember', column: 'userId', unique: ['groupId'] },
  { table: 'Escalation', column: 'requesterId' },
  { table: 'Escalation', column: 'assigneeId' },
  { table: 'EscalationMessage', column: 'authorId' },
  { table: 'Survey', column: 'ownerId' },
  { table: 'SurveyInvite', column: 'userId', unique: ['runId'] },
  { table: 'SurveyResponse', column: 'userId', unique: ['runId'] },
  { table: 'AdoptionEvent', column: 'userId' },
  { table: 'UsageEvent', column: 'userId' },
  { table: 'UsageWeek', column: 'userId', unique: ['tenantId', 'weekStart'] },
  { table: 'Recognition', column: 'giverId' },
  { table: 'Recognition', column: 'receiverId' },
  { table: 'OutboundDelivery', column: 'userId' },
  { table: 'LocalInboxMessage', column: 'userId' },
];

export type LinkOutcome = 'linked' | 'no_roster_entry';

/**
 * Record `email` on the chat account and absorb the tenant's roster row with
 * the same email, if there is one. Safe to call again (nothing left to absorb).
 */
export async function linkChatAccountByEmail(db: Db, tenantId: string, chatUserId: string, email: string): Promise<LinkOutcome> {
  const normalized = email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    const placeholder = await tx.user.findFirst({
      where: { tenantId, email: { equals: normalized, mode: 'insensitive' }, platformUserId: { startsWith: ROSTER_PLATFORM_USER_PREFIX }, id: { not: chatUserId } },
      orderBy: { createdAt: 'asc' },
    });
    if (!placeholder) {
      await tx.user.updateMany({ where: { id: chatUserId, tenantId }, data: { email: normalized } });
      return 'no_roster_entry';
    }
    await moveReferences(tx, placeholder.id, chatUserId);
    // deleteMany: a concurrent link of the same person may have removed it first; the outcome is the same.
    await tx.user.deleteMany({ where: { id: placeholder.id } });
    const chat = await tx.user.findUniqueOrThrow({ where: { id: chatUserId }, select: { displayName: true } });
    await tx.user.update({
      where: { id: chatUserId },
      data: {
        email: normalized,
        role: placeholder.role,
        departmentId: placeholder.departmentId,
        waveId: placeholder.waveId,
        // A manager who is this very person would be a loop; the roster never has one, but a merge must not make one.
        managerId: placeholder.managerId === chatUserId ? null : placeholder.managerId,
        site: placeholder.site,
        employeeId: placeholder.employeeId,
        ...(chat.displayName === '' ? { displayName: placeholder.displayName } : {}),
        surveyOptOut: placeholder.surveyOptOut || undefined,
        recognitionOptOut: placeholder.recognitionOptOut || undefined,
      },
    });
    return 'linked';
  });
}

async function moveReferences(tx: Tx, fromId: string, toId: string): Promise<void> {
  for (const { table, column, unique } of PERSON_COLUMNS) {
    if (unique) {
      // Identifiers come from the constant list above, never from input.
      const sameKey = unique.map((c) => `kept."${c}" = moved."${c}"`).join(' AND ');
      await tx.$executeRawUnsafe(
        `DELETE FROM "${table}" AS moved WHERE moved."${column}" = $1 AND EXISTS (SELECT 1 FROM "${table}" AS kept WHERE kept."${column}" = $2 AND ${sameKey})`,
        fromId,
        toId,
      );
    }
    await tx.$executeRawUnsafe(`UPDATE "${table}" SET "${column}" = $2 WHERE "${column}" = $1`, fromId, toId);
  }
}
