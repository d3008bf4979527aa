/**
 * The record of every question and what the bot showed. Unanswered questions
 * are the knowledge gaps the rollout team reads; answered ones carry the
 * article ids so feedback can teach the right article.
 */
import type { Db } from '../db/client.js';
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
  constructor(private readonly db: Db) {}

  /**
   * Store the question in one insert. It is also the adoption record of the
   * question (metrics read this table), so no separate event is written.
   */
  async record(q: QuestionRecord): Promise<string> {
    const row = await this.db.question.create({
      data: {
        tenantId: q.tenantId,
        userId: q.userId,
        threadId: q.threadId,
        messageId: q.messageId,
        lang: q.lang,
        text: q.text,
        outcome: q.answered ? 'answered' : 'unanswered',
        topArticleId: q.topArticleId ?? null,
        confidence: q.confidence ?? null,
        shownArticleIds: q.shownArticleIds,
      },
      select: { id: true },
    });
    return row.id;
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
