/** Home section for managers and admins: how their departments use the new system this week so far. */
import type { Db } from '../../db/client.js';
import type { HomeSection } from '../core/home.js';
import { t } from '../i18n/messages.js';
import { computeTenantMetrics, figuresOf, scopeKey } from '../../adoption/metrics.js';
import { weekStartOf, weeksEndingWith } from '../../adoption/weeks.js';

export function adoptionSnapshotSection(db: Db, now: () => Date = () => new Date()): HomeSection {
  return {
    name: 'adoption-snapshot',
    async render({ tenant, user, lang }) {
      if (user.role !== 'manager' && user.role !== 'admin') return [];
      const blocks = [{ kind: 'divider' as const }, { kind: 'heading' as const, text: t(lang, 'home.adoption') }];
      // Admins see every department; a manager the departments of their direct reports (department figures only).
      const departments = await db.department.findMany({
        where: { tenantId: tenant.id, ...(user.role === 'admin' ? {} : { users: { some: { managerId: user.id } } }) },
        select: { id: true, name: true },
        orderBy: { name: 'asc' },
      });
      if (departments.length === 0) return [...blocks, { kind: 'text', text: t(lang, 'home.adoptionSoon') }];
      const timezone = (await db.tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { timezone: true } })).timezone;
      const [previous, current] = weeksEndingWith(weekStartOf(now(), timezone), 2, timezone);
      const metrics = await computeTenantMetrics(db, tenant.id, [previous!, current!], { detailWeeks: 0 });
      const lines = departments.map((d) => {
        const f = figuresOf(metrics, scopeKey('department', d.id), current!.start);
        const change = f.systemActive - figuresOf(metrics, scopeKey('department', d.id), previous!.start).systemActive;
        return t(lang, 'digest.homeLine', {
          name: d.name,
          active: f.systemActive,
          rostered: f.rostered,
          coverage: f.coverage === null ? t(lang, 'digest.none') : `${Math.round(f.coverage * 100)}%`,
          change: change > 0 ? `+${change}` : String(change),
        });
      });
      return [...blocks, { kind: 'text', text: lines.join('\n') }];
    },
  };
}
