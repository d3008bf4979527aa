/**
 * Proactive messages for local-channel users (surveys, relays, digests sent
 * to someone using the web chat or terminal). Stored in PostgreSQL so every
 * bot process serves the same inbox; the id is the polling cursor.
 */
import type { Db } from '../../db/client.js';
import type { OutgoingMessage } from '../core/types.js';

export interface InboxEntry {
  id: string;
  createdAt: string;
  message: OutgoingMessage;
}

export class LocalInbox {
  constructor(private readonly db: Db) {}

  async push(tenantId: string, userId: string, message: OutgoingMessage): Promise<string> {
    const row = await this.db.localInboxMessage.create({
      data: { tenantId, userId, message: message as object },
      select: { id: true },
    });
    return row.id.toString();
  }

  /** Messages after `cursor` (exclusive), oldest first. */
  async since(tenantId: string, userId: string, cursor: bigint, limit = 100): Promise<InboxEntry[]> {
    const rows = await this.db.localInboxMessage.findMany({
      where: { tenantId, userId, id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map((r) => ({ id: r.id.toString(), createdAt: r.createdAt.toISOString(), message: r.message as unknown as OutgoingMessage }));
  }
}
