/** Home section: surveys sent to the person and not answered yet. */
import type { Db } from '../../db/client.js';
import type { HomeSection } from '../core/home.js';
import { t } from '../i18n/messages.js';
import { bullets, isoDate } from './format.js';

const SHOWN = 5;

export function pendingSurveysSection(db: Db): HomeSection {
  return {
    name: 'pending-surveys',
    pending: true,
    async render({ tenant, user, lang }) {
      const invites = await db.surveyInvite.findMany({
        where: { tenantId: tenant.id, userId: user.id, respondedAt: null, sentAt: { not: null }, run: { status: 'open' } },
        take: SHOWN,
        select: { run: { select: { closesAt: true, survey: { select: { key: true } } } } },
      });
      if (invites.length === 0) return [];
      const lines = invites.map((i) => t(lang, 'home.surveyLine', { name: i.run.survey.key, date: isoDate(i.run.closesAt) }));
      return [{ kind: 'heading', text: t(lang, 'home.surveys') }, { kind: 'text', text: bullets(lines) }];
    },
  };
}
