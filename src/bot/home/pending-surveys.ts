/**
 * Home section: surveys sent to the person and not answered yet. An
 * anonymous survey never marks its invite answered (that would link the
 * person to the run's responses), so its answer is looked up by the same
 * keyed hash the survey uses to let people change their answer.
 */
import type { Db } from '../../db/client.js';
import { respondentKey } from '../../surveys/answers.js';
import type { HomeSection } from '../core/home.js';
import { t } from '../i18n/messages.js';
import { bullets, isoDate } from './format.js';

const SHOWN = 5;

export function pendingSurveysSection(db: Db, secret: string): HomeSection {
  return {
    name: 'pending-surveys',
    pending: true,
    async render({ tenant, user, lang }) {
      const invites = await db.surveyInvite.findMany({
        where: { tenantId: tenant.id, userId: user.id, respondedAt: null, sentAt: { not: null }, run: { status: 'open' } },
        orderBy: { sentAt: 'desc' },
        take: 4 * SHOWN,
        select: { runId: true, run: { select: { closesAt: true, survey: { select: { key: true, anonymous: true } } } } },
      });
      const anonymousKeys = invites.filter((i) => i.run.survey.anonymous).map((i) => ({ runId: i.runId, respondentKey: respondentKey(secret, i.runId, user.id) }));
      const answered = anonymousKeys.length
        ? await db.surveyResponse.findMany({ where: { tenantId: tenant.id, OR: anonymousKeys }, select: { runId: true } })
        : [];
      const answeredRuns = new Set(answered.map((r) => r.runId));
      const pending = invites.filter((i) => !answeredRuns.has(i.runId)).slice(0, SHOWN);
      if (pending.length === 0) return [];
      const lines = pending.map((i) => t(lang, 'home.surveyLine', { name: i.run.survey.key, date: isoDate(i.run.closesAt) }));
      return [{ kind: 'heading', text: t(lang, 'home.surveys') }, { kind: 'text', text: bullets(lines) }];
    },
  };
}
