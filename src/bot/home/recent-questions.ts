/** Home section: the person's last questions and what became of them. */
import type { Db } from '../../db/client.js';
import type { HomeSection } from '../core/home.js';
import { t } from '../i18n/messages.js';
import { clip, isoDate } from './format.js';

const RECENT = 5;

export function recentQuestionsSection(db: Db): HomeSection {
  return {
    name: 'recent-questions',
    async render({ tenant, user, lang }) {
      const questions = await db.question.findMany({
        where: { tenantId: tenant.id, userId: user.id },
        orderBy: { createdAt: 'desc' },
        take: RECENT,
        select: { text: true, outcome: true, createdAt: true },
      });
      const text =
        questions.length === 0
          ? t(lang, 'home.noQuestions')
          : questions.map((q) => `• ${isoDate(q.createdAt)} “${clip(q.text)}” (${t(lang, `home.${q.outcome}`)})`).join('\n');
      return [{ kind: 'heading', text: t(lang, 'home.recent') }, { kind: 'text', text }];
    },
  };
}
