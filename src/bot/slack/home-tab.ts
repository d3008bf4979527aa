/**
 * The App Home tab, published on every app_home_opened: for everyone, their
 * recent questions, open requests to an engineer and surveys waiting; for
 * managers and admins, an adoption snapshot (a placeholder the adoption
 * feature fills).
 */
import type { Db } from '../../db/client.js';
import type { TenantDirectory } from '../../directory/tenants.js';
import type { UserDirectory } from '../../directory/users.js';
import type { Lang } from '../../knowledge/types.js';
import type { Block } from '../core/types.js';
import { langFromLocale } from '../core/language.js';
import { t } from '../i18n/messages.js';
import { renderBlock } from './render.js';
import type { SlackApi } from './web-api.js';

export interface HomeDeps {
  db: Db;
  tenants: TenantDirectory;
  users: UserDirectory;
  api: SlackApi;
}

const RECENT = 5;

export async function publishHome(deps: HomeDeps, input: { tenantKey: string; slackUserId: string; token: string }): Promise<void> {
  const tenant = await deps.tenants.ensure('slack', input.tenantKey);
  const user = await deps.users.ensure(tenant.id, 'slack', input.slackUserId);
  const lang: Lang = user.locale ?? langFromLocale(user.platformLocale) ?? langFromLocale(tenant.defaultLocale) ?? 'en';
  const [questions, escalations, invites] = await Promise.all([
    deps.db.question.findMany({
      where: { tenantId: tenant.id, userId: user.id },
      orderBy: { createdAt: 'desc' },
      take: RECENT,
      select: { text: true, outcome: true, createdAt: true },
    }),
    deps.db.escalation.findMany({
      where: { tenantId: tenant.id, requesterId: user.id, status: { in: ['open', 'claimed'] } },
      orderBy: { createdAt: 'desc' },
      take: RECENT,
      select: { status: true, createdAt: true, question: { select: { text: true } } },
    }),
    deps.db.surveyInvite.findMany({
      where: { tenantId: tenant.id, userId: user.id, respondedAt: null, sentAt: { not: null }, run: { status: 'open' } },
      take: RECENT,
      select: { run: { select: { closesAt: true, survey: { select: { key: true } } } } },
    }),
  ]);
  const date = (d: Date) => d.toISOString().slice(0, 10);
  const blocks: Block[] = [
    { kind: 'heading', text: t(lang, 'home.title') },
    { kind: 'text', text: t(lang, 'home.intro') },
    { kind: 'divider' },
    { kind: 'heading', text: t(lang, 'home.recent') },
    {
      kind: 'text',
      text:
        questions.length === 0
          ? t(lang, 'home.noQuestions')
          : questions.map((q) => `• ${date(q.createdAt)} “${clip(q.text)}” (${t(lang, `home.${q.outcome}`)})`).join('\n'),
    },
  ];
  const bullets = (lines: string[]) => lines.map((l) => `• ${l}`).join('\n');
  if (escalations.length > 0) {
    const lines = escalations.map((e) =>
      t(lang, 'home.escalationLine', {
        question: clip(e.question.text),
        status: t(lang, e.status === 'claimed' ? 'home.escalationClaimed' : 'home.escalationOpen'),
        date: date(e.createdAt),
      }),
    );
    blocks.push({ kind: 'heading', text: t(lang, 'home.escalations') }, { kind: 'text', text: bullets(lines) });
  }
  if (invites.length > 0) {
    const lines = invites.map((i) => t(lang, 'home.surveyLine', { name: i.run.survey.key, date: date(i.run.closesAt) }));
    blocks.push({ kind: 'heading', text: t(lang, 'home.surveys') }, { kind: 'text', text: bullets(lines) });
  }
  if (escalations.length === 0 && invites.length === 0) blocks.push({ kind: 'text', text: t(lang, 'home.nothingPending') });
  if (user.role === 'manager' || user.role === 'admin') {
    blocks.push({ kind: 'divider' }, { kind: 'heading', text: t(lang, 'home.adoption') }, { kind: 'text', text: t(lang, 'home.adoptionSoon') });
  }
  await deps.api.call(input.token, 'views.publish', { user_id: input.slackUserId, view: { type: 'home', blocks: blocks.flatMap(renderBlock).slice(0, 100) } });
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}
