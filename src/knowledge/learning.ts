/**
 * Learning from feedback. "Yes, this helped" teaches the top article the
 * asker's wording as an alternate phrasing, so the next person who asks it
 * that way gets the same article with more confidence. Changing the vote to
 * "No" takes the lesson back.
 */
import type { Db } from '../db/client.js';
import type { Lang } from './types.js';

/** Phrasings longer than this are stories, not questions: recorded, not taught. */
const MAX_ALTERNATE_CHARS = 300;

export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface FeedbackInput {
  tenantId: string;
  questionId: string;
  userId: string;
  helpful: boolean;
}

export type FeedbackOutcome = 'recorded' | 'unchanged';

export class FeedbackLearning {
  constructor(private readonly db: Db) {}

  async rate(input: FeedbackInput): Promise<FeedbackOutcome> {
    return this.db.$transaction(async (tx) => {
      const question = await tx.question.findFirst({
        where: { id: input.questionId, tenantId: input.tenantId },
        select: { id: true, text: true, lang: true, topArticleId: true, outcome: true },
      });
      if (!question) throw new Error(`question ${input.questionId} not found in tenant`);
      const previous = await tx.feedback.findUnique({
        where: { questionId_userId: { questionId: question.id, userId: input.userId } },
        select: { helpful: true },
      });
      if (previous?.helpful === input.helpful) return 'unchanged';
      await tx.feedback.upsert({
        where: { questionId_userId: { questionId: question.id, userId: input.userId } },
        create: { tenantId: input.tenantId, questionId: question.id, userId: input.userId, helpful: input.helpful },
        update: { helpful: input.helpful },
      });
      const articleId = question.topArticleId;
      const normalized = normalizeQuestion(question.text);
      const teachable = question.outcome === 'answered' && articleId && normalized && question.text.length <= MAX_ALTERNATE_CHARS;
      if (!teachable) return 'recorded';
      const key = { articleId_lang_normalized: { articleId, lang: question.lang as Lang, normalized } };
      if (input.helpful) {
        await tx.alternateQuestion.upsert({
          where: key,
          create: { tenantId: input.tenantId, articleId, lang: question.lang, text: question.text, normalized },
          update: { count: { increment: 1 } },
        });
      } else if (previous?.helpful) {
        // Undo this user's earlier lesson; the phrasing stays while others vouch for it.
        const where = { articleId, lang: question.lang, normalized };
        await tx.alternateQuestion.updateMany({ where, data: { count: { decrement: 1 } } });
        await tx.alternateQuestion.deleteMany({ where: { ...where, count: { lte: 0 } } });
      } else {
        return 'recorded';
      }
      await tx.tenant.update({ where: { id: input.tenantId }, data: { kbRevision: { increment: 1 } } });
      return 'recorded';
    });
  }
}
