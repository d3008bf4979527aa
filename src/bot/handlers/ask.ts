/**
 * A question: search the tenant's knowledge base as this user (language,
 * role), answer with the best passage and its source when confident, or say
 * so plainly and record the knowledge gap when not.
 */
import type { Handler } from '../core/handler.js';
import { answerMessage, unknownMessage } from './answer-message.js';

/** Related articles must be at least this fraction of the answer threshold to be worth showing. */
const RELATED_FLOOR = 0.6;

export const askHandler: Handler = {
  name: 'ask',
  matches: (msg, text) => !msg.action && text.length > 0,
  async handle({ msg, text, tenant, user, lang, services }) {
    const hits = await services.knowledge.search(tenant.id, text, { lang, role: user.role, limit: 3 });
    const threshold = services.answerThreshold;
    const [top, ...rest] = hits;
    const answered = top !== undefined && top.confidence >= threshold;
    const related = rest.filter((h) => h.confidence >= threshold * RELATED_FLOOR).slice(0, 2);

    const questionId = await services.questions.record({
      tenantId: tenant.id,
      userId: user.id,
      threadId: msg.threadId,
      messageId: msg.messageId,
      lang,
      text,
      answered,
      topArticleId: answered ? top.articleId : undefined,
      confidence: top?.confidence,
      shownArticleIds: answered ? [top, ...related].map((h) => h.articleId) : related.map((h) => h.articleId),
    });

    const link = (hit: { slug: string; lang: typeof lang }) => services.links.url(tenant.id, hit.slug, hit.lang);
    if (!answered) {
      const maybe = top && top.confidence >= threshold * RELATED_FLOOR ? [top, ...related].slice(0, 2) : [];
      return [unknownMessage(lang, maybe, link)];
    }
    return [answerMessage({ lang, questionId, top, related, link })];
  },
};
