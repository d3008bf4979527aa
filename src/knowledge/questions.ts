/**
 * The record of every question and what the bot showed. Unanswered questions
 * are the knowledge gaps the rollout team reads; answered ones carry the
 * article ids so feedback can teach the right article.
 */
import type { Db } from '../db/client.js';
import { MicroBatcher } from '../db/batcher.js';
import { uuid7 } from '../db/uuid7.js';
import type { Lang } from './types.js';

export interface QuestionRecord {
  tenantId: string;
  userId: string;
  threadId: string;
  messageId: string;
  lang: Lang;
  text: string;
  answered: boolean;
  topArticleId?: string;
  confidence?: number;
  shownArticleIds: string[];
}

export interface UserActivity {
  asked: number;
  answered: number;
  rated: number;
  helpful: number;
}

export class QuestionLog {
  // One insert per question asked: under load, the questions of one loop turn share a statement.
  private readonly inserts = new MicroBatcher<QuestionRecord & { id: string; createdAt: Date }, void>((rows) => this.insertMany(rows).then(() => rows.map(() => undefined)));

  constructor(private readonly db: Db) {}

  /**
   * Store the question; returns its id. It is also the adoption record of the
   * question (metrics read this table), so no separate event is written.
   */
  async record(q: QuestionRecord): Promise<string> {
    const id = uuid7();
    await this.inserts.add({ ...q, id, createdAt: new Date() });
    return id;
  }

  private async insertMany(rows: readonly (QuestionRecord & { id: string; createdAt: Date })[]): Promise<void> {
    const json = JSON.stringify(
      rows.map((q) => ({
        id: q.id,
        tenantId: q.tenantId,
        userId: q.userId,
        threadId: q.threadId,
        messageId: q.messageId,
        lang: q.lang,
        text: q.text,
        outcome: q.answered ? 'answered' : 'unanswered',
        topArticleId: q.topArticleId ?? null,
        confidence: q.confidence ?? null,
        shown: q.shownArticleIds,
        createdAt: q.createdAt.toISOString(),
      })),
    );
    // A JSON array of rows: one parameter whatever the batch size, arrays per row included.
    await this.db.$executeRaw`/* prepared */
      INSERT INTO "Question" ("id", "tenantId", "userId", "threadId", "messageId", "lang", "text", "outcome", "topArticleId", "confidence", "shownArticleIds", "createdAt")
      SELECT r."id", r."tenantId", r."userId", r."threadId", r."messageId", r."lang", r."text", r."outcome"::"QuestionOutcome",
             r."topArticleId", r."confidence", ARRAY(SELECT jsonb_array_elements_text(r."shown")), r."createdAt"::timestamp(3)
      FROM jsonb_to_recordset(${json}::jsonb) AS r("id" text, "tenantId" text, "userId" text, "threadId" text, "messageId" text, "lang" text,
           "text" text, "outcome" text, "topArticleId" text, "confidence" double precision, "shown" jsonb, "createdAt" text)`;
  }

  /** A user's own numbers for the `stats` command: questions asked and answered, answers rated and found helpful. */
  async activityOf(tenantId: string, userId: string): Promise<UserActivity> {
    const [asked, answered, rated, helpful] = await Promise.all([
      this.db.question.count({ where: { tenantId, userId } }),
      this.db.question.count({ where: { tenantId, userId, outcome: 'answered' } }),
      this.db.feedback.count({ where: { tenantId, userId } }),
      this.db.feedback.count({ where: { tenantId, userId, helpful: true } }),
    ]);
    return { asked, answered, rated, helpful };
  }

  /** The question, only if it belongs to this tenant. */
  async find(tenantId: string, questionId: string) {
    return this.db.question.findFirst({
      where: { id: questionId, tenantId },
      select: { id: true, userId: true, lang: true, text: true, topArticleId: true, outcome: true },
    });
  }
}
