/**
 * Which engineer group gets a question, and who in it is on call.
 *
 * Group: the tenant's routing rules in priority order (lowest number first,
 * then oldest), the first whose non-null fields all match; otherwise the
 * tenant's fallback group. A rule's `module` matches a tag of the question's
 * nearest article (the knowledge base tags articles with their ERP module).
 *
 * On call: members ordered by position take turns per day or week (the
 * group's rotation) in the group's local calendar, and only within working
 * hours: outside them nobody is on call and the group as a whole is notified.
 */
import type { EngineerGroup, Prisma } from '../generated/prisma/client.js';
import { HypercareError } from '../bot/core/errors.js';
import { parseGroupSettings, type GroupSettings } from './settings.js';
import { isWorkingTime } from './working-time.js';
import { dayNumber, localDateTime } from '../time/zones.js';

/** What routing knows about a question. Null or empty means unknown. */
export interface RoutingContext {
  /** Tags of the nearest article (the question's top search hit). */
  articleTags: readonly string[];
  department: string | null;
  site: string | null;
  lang: string | null;
}

export interface RuleFields {
  id: string;
  priority: number;
  module: string | null;
  department: string | null;
  site: string | null;
  lang: string | null;
  groupId: string;
  createdAt: Date;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** "zh" matches "zh-CN": a rule may name a language without its region. */
function langMatches(ruleLang: string, lang: string): boolean {
  return same(ruleLang, lang) || lang.toLowerCase().startsWith(`${ruleLang.trim().toLowerCase()}-`);
}

export function ruleMatches(rule: RuleFields, context: RoutingContext): boolean {
  if (rule.module !== null && !context.articleTags.some((tag) => same(tag, rule.module as string))) return false;
  if (rule.department !== null && (context.department === null || !same(rule.department, context.department))) return false;
  if (rule.site !== null && (context.site === null || !same(rule.site, context.site))) return false;
  if (rule.lang !== null && (context.lang === null || !langMatches(rule.lang, context.lang))) return false;
  return true;
}

/** Rules in the order they are tried. */
export function orderRules<R extends RuleFields>(rules: readonly R[]): R[] {
  return [...rules].sort((a, b) => a.priority - b.priority || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

export function firstMatchingRule<R extends RuleFields>(rules: readonly R[], context: RoutingContext): R | undefined {
  return orderRules(rules).find((rule) => ruleMatches(rule, context));
}

export interface MemberFields {
  userId: string;
  position: number;
}

/** The member on call at `now`, or null outside working hours or in an empty group. */
export function onCallMember<M extends MemberFields>(members: readonly M[], settings: GroupSettings, now: Date): M | null {
  if (members.length === 0 || !isWorkingTime(now, settings.calendar)) return null;
  const rotation = [...members].sort((a, b) => a.position - b.position || a.userId.localeCompare(b.userId));
  const day = dayNumber(localDateTime(now, settings.calendar.timezone));
  // 1970-01-01 was a Thursday: +3 makes weeks start on Monday.
  const turn = settings.rotation === 'daily' ? day : Math.floor((day + 3) / 7);
  return rotation[turn % rotation.length] ?? null;
}

/** A client or an open transaction: routing reads inside the caller's transaction when it has one. */
type Reader = Prisma.TransactionClient;

export interface RouteDecision {
  group: EngineerGroup | null;
  settings: GroupSettings | null;
  /** Who gets the first reminder; null: the whole group. */
  onCallUserId: string | null;
  /** Why this group: a rule's id, the fallback, or nothing configured. */
  via: { kind: 'rule'; ruleId: string; module: string | null } | { kind: 'fallback' } | { kind: 'unrouted' };
  /** The tenant's settings (SLA policy, champion-first), read with the routing table. */
  tenantSettings: unknown;
}

/** What escalating a question needs to know about it: who asked, where, in which language, and its routing context. */
export interface EscalationSubject {
  question: { id: string; userId: string; lang: string; threadId: string };
  context: RoutingContext;
  /** The asker's department (champion-first offers the question to its champions). */
  departmentId: string | null;
}

/**
 * The question with its nearest article's tags and the asker's department and
 * site, in one statement (this runs for every escalation). Null when the
 * question is not in this tenant.
 */
export async function escalationSubjectOf(db: Reader, tenantId: string, questionId: string): Promise<EscalationSubject | null> {
  const rows = await db.$queryRaw<{ id: string; userId: string; lang: string; threadId: string; tags: string[] | null; site: string | null; department: string | null; departmentId: string | null }[]>`
    SELECT q."id", q."userId", q."lang", q."threadId", a."tags", u."site", d."name" AS "department", d."id" AS "departmentId"
    FROM "Question" q
    LEFT JOIN "Article" a ON a."id" = COALESCE(q."topArticleId", q."shownArticleIds"[1]) AND a."tenantId" = q."tenantId"
    LEFT JOIN "User" u ON u."id" = q."userId" AND u."tenantId" = q."tenantId"
    LEFT JOIN "Department" d ON d."id" = u."departmentId" AND d."tenantId" = q."tenantId"
    WHERE q."id" = ${questionId} AND q."tenantId" = ${tenantId}`;
  const row = rows[0];
  if (!row) return null;
  return {
    question: { id: row.id, userId: row.userId, lang: row.lang, threadId: row.threadId },
    context: { articleTags: row.tags ?? [], department: row.department, site: row.site, lang: row.lang },
    departmentId: row.departmentId,
  };
}

/** The routing context of a stored question: its nearest article's tags and the asker's department and site. */
export async function routingContextOfQuestion(db: Reader, tenantId: string, questionId: string): Promise<RoutingContext> {
  const subject = await escalationSubjectOf(db, tenantId, questionId);
  if (!subject) throw new HypercareError('not_found', `question ${questionId} not found in this tenant`);
  return subject.context;
}

/** The group and on-call engineer at a given group (used for routing and for re-routing to a backup group). */
export async function onCallOfGroup(db: Reader, group: EngineerGroup, tenantTimezone: string, now: Date): Promise<{ settings: GroupSettings; onCallUserId: string | null }> {
  const settings = parseGroupSettings(group, tenantTimezone);
  const members = await db.engineerGroupMember.findMany({ where: { groupId: group.id } });
  return { settings, onCallUserId: onCallMember(members, settings, now)?.userId ?? null };
}

interface RoutingTable {
  timezone: string;
  settings: unknown;
  rules: RuleFields[];
  groups: (EngineerGroup & { members: MemberFields[] })[];
}

/** The tenant's time zone, rules, groups and members in one statement (this runs for every escalation). */
async function routingTableOf(db: Reader, tenantId: string): Promise<RoutingTable | null> {
  type Json<T> = Omit<T, 'createdAt'> & { createdAt: number };
  const rows = await db.$queryRaw<{ timezone: string; settings: unknown; rules: Json<RuleFields>[]; groups: Json<EngineerGroup & { members: MemberFields[] }>[] }[]>`
    SELECT t."timezone", t."settings",
      COALESCE((SELECT json_agg(json_build_object(
          'id', r."id", 'priority', r."priority", 'module', r."module", 'department', r."department", 'site', r."site",
          'lang', r."lang", 'groupId', r."groupId", 'createdAt', (extract(epoch FROM r."createdAt") * 1000)::float8))
        FROM "RoutingRule" r WHERE r."tenantId" = t."id"), '[]'::json) AS "rules",
      COALESCE((SELECT json_agg(json_build_object(
          'id', g."id", 'tenantId', g."tenantId", 'name', g."name", 'channelThreadId', g."channelThreadId", 'settings', g."settings",
          'isFallback', g."isFallback", 'createdAt', (extract(epoch FROM g."createdAt") * 1000)::float8,
          'members', COALESCE((SELECT json_agg(json_build_object('userId', m."userId", 'position', m."position"))
            FROM "EngineerGroupMember" m WHERE m."groupId" = g."id"), '[]'::json)))
        FROM "EngineerGroup" g WHERE g."tenantId" = t."id"), '[]'::json) AS "groups"
    FROM "Tenant" t WHERE t."id" = ${tenantId}`;
  const row = rows[0];
  if (!row) return null;
  const dated = <T extends { createdAt: number }>(item: T) => ({ ...item, createdAt: new Date(item.createdAt) });
  return { timezone: row.timezone, settings: row.settings, rules: row.rules.map(dated), groups: row.groups.map(dated) };
}

export async function routeEscalation(db: Reader, tenantId: string, context: RoutingContext, now: Date): Promise<RouteDecision> {
  const table = await routingTableOf(db, tenantId);
  if (!table) throw new HypercareError('not_found', `tenant ${tenantId} not found`);
  // A rule whose group was deleted is skipped rather than failing the escalation.
  const groups = new Map(table.groups.map((g) => [g.id, g]));
  const usable = table.rules.filter((rule) => groups.has(rule.groupId));
  const rule = firstMatchingRule(usable, context);
  const fallback = [...groups.values()].filter((g) => g.isFallback).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
  const chosen = rule ? groups.get(rule.groupId) : fallback;
  if (!chosen) return { group: null, settings: null, onCallUserId: null, via: { kind: 'unrouted' }, tenantSettings: table.settings };
  const { members, ...group } = chosen;
  const settings = parseGroupSettings(group, table.timezone);
  return {
    group,
    settings,
    onCallUserId: onCallMember(members, settings, now)?.userId ?? null,
    via: rule ? { kind: 'rule', ruleId: rule.id, module: rule.module } : { kind: 'fallback' },
    tenantSettings: table.settings,
  };
}
