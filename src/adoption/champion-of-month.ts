/**
 * "Champion of the month": for each department, the best-scoring person of
 * the past month who has not opted out of public recognition is announced in
 * the channel the tenant configured, and told privately.
 *
 * Tenant.settings.champions = {
 *   announceThreadId: "slack:T1:C0123",             // where announcements go
 *   departmentThreads?: { "Finance": "teams:…" },   // per department, by name
 *   announceHour?: 9                                // local hour on the 1st
 * }
 *
 * A BullMQ job scheduler with a stable id runs hourly; a tenant is due from
 * announceHour on the 1st of its local month until the 7th (so a bot that was
 * down on the 1st catches up). Idempotent per department and month: the
 * winner is written once under a deterministic Recognition id, and the
 * announcement and the private note go through the outbound path under
 * delivery keys naming department and month, so a second run (or a retried
 * job, or two processes) posts nothing new.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Jobs } from '../jobs/system.js';
import type { OutboundDelivery } from '../delivery/outbound.js';
import { HypercareError } from '../bot/core/errors.js';
import { langFromLocale } from '../bot/core/language.js';
import { localDateTime, zonedTime } from '../time/zones.js';
import { championScores } from './champions.js';
import { monthAnnouncement, monthLabel } from './champion-messages.js';
import { t } from '../bot/i18n/messages.js';

export const CHAMPION_OF_MONTH_SCHEDULE_ID = 'champion-of-the-month';
const CATCH_UP_DAYS = 7;

const threadId = z.string().regex(/^(slack|teams|local):\S+$/, 'must be a thread id such as "slack:T0123:C0456"');

export const championSettingsSchema = z.looseObject({
  announceThreadId: threadId,
  departmentThreads: z.record(z.string(), threadId).default({}),
  announceHour: z.int().min(0).max(23).default(9),
});
export type ChampionSettings = z.output<typeof championSettingsSchema>;

/** The tenant's champion settings, null when announcements are not configured; a bad value names the field. */
export function parseChampionSettings(tenant: { id: string; name: string; settings: unknown }): ChampionSettings | null {
  const settings = tenant.settings && typeof tenant.settings === 'object' ? (tenant.settings as Record<string, unknown>) : {};
  if (settings.champions === undefined) return null;
  const parsed = championSettingsSchema.safeParse(settings.champions);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `champions.${i.path.join('.')}: ${i.message}`).join('; ');
  throw new HypercareError('bad_request', `Tenant "${tenant.name || tenant.id}" has invalid champion settings: ${problems}`, { tenantId: tenant.id });
}

export type DepartmentOutcome = 'announced' | 'already_announced' | 'no_candidates' | 'opted_out';

export interface MonthResult {
  departmentId: string;
  outcome: DepartmentOutcome;
  winnerId?: string;
}

/** "2026-11" → the local month's first instant and the next month's. */
export function monthBounds(month: string, timezone: string): { from: Date; to: Date } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new HypercareError('bad_request', `month "${month}" must look like 2026-11`);
  const year = Number(match[1]);
  const mm = Number(match[2]);
  const next = mm === 12 ? { year: year + 1, month: 1 } : { year, month: mm + 1 };
  return { from: zonedTime({ year, month: mm, day: 1 }, 0, timezone), to: zonedTime({ ...next, day: 1 }, 0, timezone) };
}

/** The month to announce at `now` in the tenant's calendar, or null when none is due. */
export function dueMonth(now: Date, timezone: string, announceHour: number): string | null {
  const local = localDateTime(now, timezone);
  if (local.day > CATCH_UP_DAYS || (local.day === 1 && local.hour < announceHour)) return null;
  const year = local.month === 1 ? local.year - 1 : local.year;
  const month = local.month === 1 ? 12 : local.month - 1;
  return `${year}-${String(month).padStart(2, '0')}`;
}

export class ChampionOfMonth {
  constructor(
    private readonly db: Db,
    private readonly outbound: Pick<OutboundDelivery, 'deliver' | 'deliverToUser'>,
    private readonly log: Logger,
  ) {}

  /** The scheduled run: every configured tenant whose announcement is due. */
  async runDue(now = new Date()): Promise<void> {
    const tenants = await this.db.tenant.findMany({ select: { id: true, name: true, settings: true, timezone: true } });
    for (const tenant of tenants) {
      try {
        const settings = parseChampionSettings(tenant);
        const month = settings && dueMonth(now, tenant.timezone, settings.announceHour);
        if (month) await this.announce(tenant.id, month);
      } catch (err) {
        // One tenant's bad settings must not stop the others' announcements.
        this.log.warn({ tenantId: tenant.id, err: err instanceof Error ? err.message : String(err) }, 'champion of the month failed for one tenant');
      }
    }
  }

  /** Announce `month` ("2026-11") for every department of the tenant. Safe to run any number of times. */
  async announce(tenantId: string, month: string): Promise<MonthResult[]> {
    const tenant = await this.db.tenant.findUnique({ where: { id: tenantId }, select: { id: true, name: true, settings: true, timezone: true, defaultLocale: true } });
    if (!tenant) throw new HypercareError('not_found', `no tenant ${tenantId}`);
    const settings = parseChampionSettings(tenant);
    if (!settings) throw new HypercareError('bad_request', `Tenant "${tenant.name || tenant.id}" has no champions.announceThreadId setting`);
    const { from, to } = monthBounds(month, tenant.timezone);
    const lang = langFromLocale(tenant.defaultLocale) ?? 'en';
    const departments = await this.db.department.findMany({ where: { tenantId }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
    const results: MonthResult[] = [];
    for (const department of departments) {
      results.push(await this.announceDepartment({ tenantId, month, from, to, lang, department, threadId: settings.departmentThreads[department.name] ?? settings.announceThreadId }));
    }
    this.log.info({ tenantId, month, outcomes: results.map((r) => r.outcome) }, 'champion of the month');
    return results;
  }

  private async announceDepartment(input: {
    tenantId: string;
    month: string;
    from: Date;
    to: Date;
    lang: 'en' | 'zh-CN';
    department: { id: string; name: string };
    threadId: string;
  }): Promise<MonthResult> {
    const { tenantId, month, from, to, lang, department } = input;
    const departmentId = department.id;
    const scores = await championScores(this.db, { tenantId, from, to, departmentIds: [departmentId], limit: 50 });
    const recordId = deterministicUuid(`champion-of-month:${tenantId}:${departmentId}:${month}`);
    // A winner chosen by an earlier run stays the winner, even if late rows changed the scores since.
    const chosen = await this.db.recognition.findUnique({ where: { id: recordId }, select: { receiverId: true } });
    const winner = chosen ? scores.find((s) => s.userId === chosen.receiverId) : scores.find((s) => !s.publicRecognitionOptOut);
    if (!winner) return { departmentId, outcome: chosen ? 'already_announced' : 'no_candidates' };
    const optedOut = await this.db.user.findFirst({ where: { id: winner.userId, tenantId }, select: { recognitionOptOut: true } });
    if (optedOut?.recognitionOptOut) return { departmentId, outcome: 'opted_out', winnerId: winner.userId };
    await this.db.recognition.createMany({
      data: [{ id: recordId, tenantId, giverId: null, receiverId: winner.userId, kind: 'champion_of_month', reason: month }],
      skipDuplicates: true,
    });

    const [endorsement, quote] = await Promise.all([
      this.db.recognition.findFirst({
        where: { tenantId, receiverId: winner.userId, kind: 'endorsement', createdAt: { gte: from, lt: to } },
        orderBy: { createdAt: 'desc' },
        select: { reason: true, giverId: true },
      }),
      this.db.recognition.findFirst({
        where: { tenantId, receiverId: winner.userId, kind: 'recognize', reason: { not: '' }, createdAt: { gte: from, lt: to } },
        orderBy: { createdAt: 'desc' },
        select: { reason: true },
      }),
    ]);
    const manager = endorsement?.giverId
      ? await this.db.user.findFirst({ where: { id: endorsement.giverId, tenantId }, select: { displayName: true } })
      : null;
    const message = monthAnnouncement({
      lang,
      month,
      departmentName: department.name,
      championName: winner.displayName,
      score: winner.score,
      reasons: winner.reasons,
      endorsement: endorsement && manager ? { managerName: manager.displayName, reason: endorsement.reason } : null,
      quote: quote?.reason ?? null,
    });
    const posted = await this.outbound.deliver({ tenantId, deliveryKey: `champion-of-month:${departmentId}:${month}`, kind: 'champion_of_month', threadId: input.threadId, message });
    const dm = await this.db.user.findFirst({ where: { id: winner.userId, tenantId }, select: { locale: true, platformLocale: true } });
    const dmLang = (dm?.locale === 'en' || dm?.locale === 'zh-CN' ? dm.locale : langFromLocale(dm?.platformLocale)) ?? lang;
    const text = t(dmLang, 'champions.monthDm', { department: department.name, month: monthLabel(dmLang, month) });
    await this.outbound.deliverToUser({
      tenantId,
      userId: winner.userId,
      deliveryKey: `champion-of-month-dm:${departmentId}:${month}`,
      kind: 'champion_of_month',
      message: { lang: dmLang, text, blocks: [{ kind: 'text', text }] },
    });
    return { departmentId, outcome: posted === 'duplicate' ? 'already_announced' : 'announced', winnerId: winner.userId };
  }
}

/** A UUID-shaped id derived from a key, so "the winner of this department and month" has exactly one row. */
function deterministicUuid(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function registerChampionJobs(jobs: Jobs, deps: { db: Db; outbound: OutboundDelivery; log: Logger }): void {
  const champions = new ChampionOfMonth(deps.db, deps.outbound, deps.log);
  jobs.registerProcessor('champions.monthly', async ({ tenantId, month }) => {
    if (tenantId && month) await champions.announce(tenantId, month);
    else await champions.runDue();
  });
}

/** The hourly scheduler every process upserts under the same id (so there is only ever one). */
export async function scheduleChampionOfMonth(jobs: Jobs): Promise<void> {
  if (!jobs.available) return;
  await jobs.upsertSchedule(CHAMPION_OF_MONTH_SCHEDULE_ID, 'champions.monthly', {}, { pattern: '5 * * * *', tz: 'UTC' });
}
