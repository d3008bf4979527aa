/**
 * SlaNotify over the outbound delivery path: a DM to each person named, in
 * their own language, and a post in the group's channel when the whole group
 * is meant (or when none of the people can be reached privately). Every
 * message goes under the step's delivery key plus its recipient, so a retried
 * or re-run step never posts twice.
 */
import type { Db } from '../db/client.js';
import type { Escalation } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { Lang } from '../knowledge/types.js';
import type { Block, OutgoingMessage } from '../bot/core/types.js';
import type { OutboundDelivery } from '../delivery/outbound.js';
import { langFromLocale } from '../bot/core/language.js';
import { plainText } from '../bot/handlers/answer-message.js';
import { t } from '../bot/i18n/messages.js';
import { LAST_SLA_STEP, type SlaNotificationInfo, type SlaNotificationKind, type SlaNotify } from './sla.js';

/** Long questions are cut in notifications; the full text is in the escalation thread. */
const QUESTION_PREVIEW_CHARS = 400;

export interface SlaNotifierDeps {
  db: Db;
  outbound: Pick<OutboundDelivery, 'deliver' | 'deliverToUser'>;
  log: Logger;
}

/** What every SLA message shows about the escalation, read once per step. */
interface EscalationFacts {
  question: string;
  askedBy: string | null;
  assignee: string | null;
  groupName: string | null;
  previousGroupName: string | null;
  timezone: string;
  defaultLang: Lang;
}

export function slaNotifier(deps: SlaNotifierDeps): SlaNotify {
  const log = deps.log.child({ component: 'escalation-sla' });
  return async (kind, escalation, recipients, info) => {
    const facts = await factsOf(deps.db, escalation);
    const people = recipients.userIds.length
      ? await deps.db.user.findMany({ where: { tenantId: escalation.tenantId, id: { in: recipients.userIds } }, select: { id: true, locale: true, platformLocale: true } })
      : [];
    let reached = 0;
    for (const person of people) {
      const lang = langFromLocale(person.locale) ?? langFromLocale(person.platformLocale) ?? facts.defaultLang;
      const outcome = await deps.outbound.deliverToUser({
        tenantId: escalation.tenantId,
        userId: person.id,
        deliveryKey: `${info.deliveryKey}:${person.id}`,
        kind: 'sla_alert',
        message: slaMessage(kind, lang, facts, escalation, info),
      });
      if (outcome === 'unreachable') log.warn({ escalationId: escalation.id, userId: person.id, kind }, 'an SLA recipient has no chat account the bot can write to');
      else reached++;
    }
    const channel = recipients.channelThreadId ?? (reached === 0 ? await groupChannel(deps.db, escalation.tenantId, recipients.groupId) : null);
    if (channel) {
      await deps.outbound.deliver({
        tenantId: escalation.tenantId,
        threadId: channel,
        deliveryKey: `${info.deliveryKey}:channel`,
        kind: 'sla_alert',
        message: slaMessage(kind, facts.defaultLang, facts, escalation, info),
      });
    } else if (reached === 0) {
      log.warn({ escalationId: escalation.id, groupId: recipients.groupId, kind }, 'nobody could be told about an SLA step: no reachable person and no group channel');
    }
  };
}

export function slaMessage(kind: SlaNotificationKind, lang: Lang, facts: EscalationFacts, escalation: Escalation, info: SlaNotificationInfo): OutgoingMessage {
  const due = formatDue(info.dueAt, lang, facts.timezone);
  const last = info.step >= LAST_SLA_STEP;
  let title: string;
  let body: string;
  if (kind === 'lead_alert') {
    title = t(lang, 'sla.lead.title', { group: facts.groupName ?? t(lang, 'sla.noGroup') });
    body = t(lang, `sla.lead.${info.stage}`, { due });
  } else if (kind === 'champion_handover') {
    title = t(lang, 'champion.handover.title');
    body = t(lang, 'champion.handover.body');
  } else if (kind === 'rerouted') {
    title = t(lang, 'sla.rerouted.title');
    body = t(lang, 'sla.rerouted.body', { from: facts.previousGroupName ?? t(lang, 'sla.noGroup') });
  } else {
    title = t(lang, last ? `sla.${info.stage}.lastTitle` : `sla.${info.stage}.title`);
    body = t(lang, `sla.${info.stage}.body`, { due });
  }
  const blocks: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'text', text: body },
    {
      kind: 'fields',
      fields: [
        { label: t(lang, 'sla.field.question'), value: facts.question },
        { label: t(lang, 'sla.field.askedBy'), value: facts.askedBy ?? t(lang, 'sla.unnamed') },
        { label: t(lang, 'sla.field.assignee'), value: facts.assignee ?? t(lang, 'sla.nobody') },
        { label: t(lang, 'sla.field.escalation'), value: escalation.id },
      ],
    },
    { kind: 'text', text: t(lang, 'sla.howTo') },
  ];
  return { lang, text: plainText(blocks, lang), blocks };
}

async function factsOf(db: Db, escalation: Escalation): Promise<EscalationFacts> {
  const { tenantId } = escalation;
  const [tenant, question, people, groups, rerouted] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true, defaultLocale: true } }),
    db.question.findFirst({ where: { id: escalation.questionId, tenantId }, select: { text: true } }),
    db.user.findMany({
      where: { tenantId, id: { in: [escalation.requesterId, ...(escalation.assigneeId ? [escalation.assigneeId] : [])] } },
      select: { id: true, displayName: true },
    }),
    escalation.groupId ? db.engineerGroup.findMany({ where: { tenantId }, select: { id: true, name: true } }) : Promise.resolve([]),
    // The group it came from, for "re-routed": the latest re-route event of this escalation.
    db.adoptionEvent.findFirst({
      where: { tenantId, kind: 'escalation_rerouted', data: { path: ['escalationId'], equals: escalation.id } },
      orderBy: { occurredAt: 'desc' },
      select: { data: true },
    }),
  ]);
  const nameOf = (id: string | null) => (id ? people.find((p) => p.id === id)?.displayName || null : null);
  const groupName = (id: unknown) => groups.find((g) => g.id === id)?.name ?? null;
  const text = question?.text ?? '';
  return {
    question: text.length > QUESTION_PREVIEW_CHARS ? `${text.slice(0, QUESTION_PREVIEW_CHARS - 1)}…` : text,
    askedBy: nameOf(escalation.requesterId),
    assignee: nameOf(escalation.assigneeId),
    groupName: groupName(escalation.groupId),
    previousGroupName: groupName((rerouted?.data as Record<string, unknown> | undefined)?.fromGroupId),
    timezone: tenant.timezone,
    defaultLang: langFromLocale(tenant.defaultLocale) ?? 'en',
  };
}

async function groupChannel(db: Db, tenantId: string, groupId: string | null): Promise<string | null> {
  if (!groupId) return null;
  const group = await db.engineerGroup.findFirst({ where: { id: groupId, tenantId }, select: { channelThreadId: true } });
  return group?.channelThreadId ?? null;
}

function formatDue(at: Date, lang: Lang, timezone: string): string {
  return new Intl.DateTimeFormat(lang, { timeZone: timezone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
}
