/**
 * The escalation settings admins write as JSON: an engineer group's working
 * hours, time zone, rotation and backup group (EngineerGroup.settings), and
 * the tenant's SLA policy (Tenant.settings.sla). Validated with zod when
 * read; a bad value is a bad_request naming the group or tenant and the field,
 * so an admin can find and fix it.
 */
import { z } from 'zod';
import { HypercareError } from '../bot/core/errors.js';
import { DEFAULT_WORKING_HOURS, type WorkingCalendar, type WorkingHours } from './working-time.js';
import { isValidTimeZone } from '../time/zones.js';

const clockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a 24-hour time "HH:MM"');

export const workingHoursSchema = z
  .strictObject({
    days: z.array(z.int().min(1).max(7)).min(1, 'needs at least one working day (1 = Monday … 7 = Sunday)'),
    start: clockTime,
    end: clockTime,
  })
  .refine((hours) => hours.end > hours.start, { message: 'end must be after start (shifts across midnight are not supported)', path: ['end'] });

const timeZone = z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Shanghai');

export const groupSettingsSchema = z.looseObject({
  /** Default: the tenant's time zone. */
  timezone: timeZone.optional(),
  /** Default: Monday to Friday, 09:00–18:00. */
  workingHours: workingHoursSchema.optional(),
  /** Where the SLA re-routes an escalation nobody claimed in time. */
  backupGroupId: z.string().min(1).optional(),
  /** How often the on-call engineer changes, counted in the group's local calendar. */
  rotation: z.enum(['daily', 'weekly']).default('weekly'),
});

export interface GroupSettings {
  calendar: WorkingCalendar;
  backupGroupId: string | null;
  rotation: 'daily' | 'weekly';
}

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(settings)'}: ${issue.message}`).join('; ');
}

/** A group's settings with defaults filled in; throws bad_request naming the group when they are invalid. */
export function parseGroupSettings(group: { id: string; name: string; settings: unknown }, tenantTimezone: string): GroupSettings {
  const parsed = groupSettingsSchema.safeParse(group.settings ?? {});
  if (!parsed.success) {
    throw new HypercareError('bad_request', `Engineer group "${group.name}" has invalid settings: ${describeIssues(parsed.error)}`, {
      groupId: group.id,
    });
  }
  const hours: WorkingHours = parsed.data.workingHours ?? DEFAULT_WORKING_HOURS;
  return {
    calendar: { timezone: parsed.data.timezone ?? tenantTimezone, hours },
    backupGroupId: parsed.data.backupGroupId ?? null,
    rotation: parsed.data.rotation,
  };
}

/** Working minutes allowed for each stage; defaults: claim 15 min, first reply 1 h, resolve 1 working day (9 h of 09:00–18:00). */
export const slaPolicySchema = z.strictObject({
  claimMinutes: z.int().positive().default(15),
  firstReplyMinutes: z.int().positive().default(60),
  resolveMinutes: z.int().positive().default(9 * 60),
});
export type SlaPolicy = z.output<typeof slaPolicySchema>;

export function parseSlaPolicy(tenant: { id: string; name: string; settings: unknown }): SlaPolicy {
  const settings = tenant.settings && typeof tenant.settings === 'object' ? (tenant.settings as Record<string, unknown>) : {};
  const parsed = slaPolicySchema.safeParse(settings.sla ?? {});
  if (!parsed.success) {
    const name = tenant.name || tenant.id;
    throw new HypercareError('bad_request', `Tenant "${name}" has an invalid SLA policy (settings.sla): ${describeIssues(parsed.error)}`, {
      tenantId: tenant.id,
    });
  }
  return parsed.data;
}
