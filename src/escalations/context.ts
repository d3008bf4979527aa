/**
 * What an engineer needs to see about an escalation without asking the user
 * again: the question, who asked (name, department, wave, language), what
 * the bot already showed, and the conversation so far. Every query is
 * scoped to the escalation's tenant.
 */
import type { Db } from '../db/client.js';
import type { Escalation } from '../generated/prisma/client.js';
import type { Lang } from '../knowledge/types.js';
import { parseGroupSettings, parseSlaPolicy } from './settings.js';
import { addWorkingMinutes, DEFAULT_WORKING_HOURS, type WorkingCalendar } from './working-time.js';
import { escalationRef } from './threads.js';

/** Earlier questions of the same conversation shown to the engineer. */
const EARLIER_QUESTIONS = 5;
const EARLIER_WINDOW_MS = 24 * 3600_000;

export interface PersonInfo {
  id: string;
  name: string;
  locale: Lang | null;
  timezone: string | null;
}

export interface ConversationLine {
  from: 'user' | 'bot' | 'engineer';
  text: string;
}

export interface EscalationContext {
  escalation: Escalation;
  ref: string;
  question: { text: string; lang: Lang };
  requester: PersonInfo & { department: string | null; wave: string | null };
  assignee: PersonInfo | null;
  group: { id: string; name: string; channelThreadId: string | null } | null;
  tenant: { defaultLang: Lang; timezone: string };
  /** Titles of the articles the bot showed for the question. */
  shown: string[];
  conversation: ConversationLine[];
  /** When the user can expect an answer: the claim and first-reply budgets in the group's working time. */
  answerDueAt: Date;
}

export function asLang(value: string | null | undefined): Lang | null {
  return value === 'en' || value === 'zh-CN' ? value : null;
}

/** A person's name as others should see it. */
export function displayNameOf(user: { displayName: string; email: string | null; platformUserId: string }): string {
  return user.displayName || user.email || user.platformUserId;
}

export async function loadPerson(db: Db, tenantId: string, userId: string): Promise<PersonInfo | null> {
  const user = await db.user.findFirst({
    where: { id: userId, tenantId },
    select: { id: true, displayName: true, email: true, platformUserId: true, locale: true, platformLocale: true, timezone: true },
  });
  if (!user) return null;
  return { id: user.id, name: displayNameOf(user), locale: asLang(user.locale) ?? langOfLocale(user.platformLocale), timezone: user.timezone };
}

function langOfLocale(locale: string | null): Lang | null {
  if (!locale) return null;
  return locale.toLowerCase().startsWith('zh') ? 'zh-CN' : locale.toLowerCase().startsWith('en') ? 'en' : null;
}

export async function loadEscalationContext(db: Db, escalation: Escalation): Promise<EscalationContext> {
  const tenantId = escalation.tenantId;
  const [tenant, question, requesterRow, group, messages] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { id: true, name: true, settings: true, timezone: true, defaultLocale: true } }),
    db.question.findFirstOrThrow({ where: { id: escalation.questionId, tenantId } }),
    db.user.findFirstOrThrow({
      where: { id: escalation.requesterId, tenantId },
      select: {
        id: true, displayName: true, email: true, platformUserId: true, locale: true, platformLocale: true, timezone: true,
        department: { select: { name: true } },
        wave: { select: { name: true } },
      },
    }),
    escalation.groupId ? db.engineerGroup.findFirst({ where: { id: escalation.groupId, tenantId } }) : null,
    db.escalationMessage.findMany({ where: { escalationId: escalation.id, escalation: { tenantId } }, orderBy: { createdAt: 'asc' } }),
  ]);
  const [assignee, earlier, articles] = await Promise.all([
    escalation.assigneeId ? loadPerson(db, tenantId, escalation.assigneeId) : null,
    db.question.findMany({
      where: {
        tenantId,
        userId: question.userId,
        threadId: question.threadId,
        createdAt: { lt: question.createdAt, gte: new Date(question.createdAt.getTime() - EARLIER_WINDOW_MS) },
      },
      orderBy: { createdAt: 'desc' },
      take: EARLIER_QUESTIONS,
    }),
    question.shownArticleIds.length
      ? db.articleVersion.findMany({ where: { tenantId, articleId: { in: question.shownArticleIds } }, select: { articleId: true, lang: true, title: true } })
      : [],
  ]);

  const titleOf = (articleId: string, lang: string) =>
    (articles.find((a) => a.articleId === articleId && a.lang === lang) ?? articles.find((a) => a.articleId === articleId))?.title;
  const shown = question.shownArticleIds.map((id) => titleOf(id, question.lang)).filter((x): x is string => !!x);
  const conversation: ConversationLine[] = [];
  for (const q of earlier.reverse()) {
    conversation.push({ from: 'user', text: q.text });
    const answer = q.topArticleId ? titleOf(q.topArticleId, q.lang) : undefined;
    if (answer) conversation.push({ from: 'bot', text: answer });
  }
  conversation.push({ from: 'user', text: question.text });
  for (const m of messages) conversation.push({ from: m.direction === 'to_user' ? 'engineer' : 'user', text: m.text });

  let calendar: WorkingCalendar = { timezone: tenant.timezone, hours: DEFAULT_WORKING_HOURS };
  try {
    if (group) calendar = parseGroupSettings(group, tenant.timezone).calendar;
  } catch {
    // A group with broken settings still gets its question; the promise uses the tenant's default hours.
  }
  let budget = 15 + 60;
  try {
    const policy = parseSlaPolicy(tenant);
    budget = policy.claimMinutes + policy.firstReplyMinutes;
  } catch {
    // Same for a broken SLA policy: the defaults.
  }

  return {
    escalation,
    ref: escalationRef(escalation.id),
    question: { text: question.text, lang: asLang(question.lang) ?? 'en' },
    requester: {
      id: requesterRow.id,
      name: displayNameOf(requesterRow),
      locale: asLang(requesterRow.locale) ?? langOfLocale(requesterRow.platformLocale),
      timezone: requesterRow.timezone,
      department: requesterRow.department?.name ?? null,
      wave: requesterRow.wave?.name ?? null,
    },
    assignee,
    group: group ? { id: group.id, name: group.name, channelThreadId: group.channelThreadId } : null,
    tenant: { defaultLang: asLang(tenant.defaultLocale) ?? 'en', timezone: tenant.timezone },
    shown,
    conversation,
    answerDueAt: addWorkingMinutes(escalation.createdAt, budget, calendar),
  };
}
