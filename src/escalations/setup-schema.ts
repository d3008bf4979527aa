/**
 * The escalation set-up file the rollout team writes (YAML or JSON): engineer
 * groups with their members in on-call order, working hours, time zone,
 * channel and backup group; routing rules; the fallback group; the SLA
 * policy; champion-first. See docs/escalation-setup.md.
 */
import { z } from 'zod';
import { isValidTimeZone } from '../time/zones.js';
import { slaPolicySchema, workingHoursSchema } from './settings.js';
import { duplicates, type LocatedProblem } from '../config-files/located-problems.js';

const name = z.string({ error: (issue) => (issue.input === undefined ? 'missing: a name' : 'must be a name') }).trim().min(1, 'is empty');
const optionalText = z.string().trim().min(1, 'is empty').optional();

/** A person by email (the short form is just the email), employee id or chat user id. */
const memberSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { email: value } : value),
  z
    .strictObject(
      {
        email: z.email('must be an email address').optional(),
        employeeId: optionalText,
        /** The chat platform's user id (Slack U…, Teams AAD object id, local user id). */
        user: optionalText,
        lead: z.boolean().default(false),
      },
      { error: 'must be an email address, or a map with email, employeeId or user (and lead: true for a group lead)' },
    )
    .refine((m) => [m.email, m.employeeId, m.user].filter(Boolean).length === 1, {
      message: 'name the person with exactly one of email, employeeId or user',
    }),
);
export type MemberEntry = z.output<typeof memberSchema>;

const threadId = z.string().regex(/^(local|slack|teams):\S+$/, 'must be a thread id such as "slack:T0123:C0456" or "teams:<tenant>:<conversation>"');

const groupSchema = z.strictObject({
  name,
  /** The engineers' channel for this group's notifications. */
  channel: threadId.optional(),
  /** Default: the tenant's time zone. */
  timezone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Shanghai').optional(),
  /** Default: Monday to Friday, 09:00–18:00. */
  workingHours: workingHoursSchema.optional(),
  rotation: z.enum(['daily', 'weekly']).default('weekly'),
  /** The group that gets an escalation nobody here claimed in time (by name). */
  backup: name.optional(),
  /** Gets what no rule matches. At most one group. */
  fallback: z.boolean().default(false),
  /** In on-call order. */
  members: z.array(memberSchema).default([]),
});
export type GroupEntry = z.output<typeof groupSchema>;

const ruleSchema = z.strictObject({
  group: name,
  /** Lower is tried first; default: the rule's place in the file. */
  priority: z.int().min(0).optional(),
  /** A tag of the nearest article (the ERP module, e.g. "FI", "MM"). */
  module: optionalText,
  department: optionalText,
  site: optionalText,
  /** "zh" matches zh-CN and zh-TW; "en" matches every English. */
  language: optionalText,
});
export type RuleEntry = z.output<typeof ruleSchema>;

export const championFirstSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Minutes the department's champions have to claim before the engineers get it. */
  minutes: z.int().positive().max(24 * 60).default(10),
  /** Only these departments; default: every department that has champions. */
  departments: z.array(name).optional(),
});
export type ChampionFirstSettings = z.output<typeof championFirstSchema>;

export const escalationSetupSchema = z.strictObject({
  sla: slaPolicySchema.optional(),
  championFirst: championFirstSchema.optional(),
  groups: z.array(groupSchema, { error: (issue) => (issue.input === undefined ? 'missing: the list of engineer groups' : 'must be a list') }).min(1, 'needs at least one engineer group'),
  rules: z.array(ruleSchema).default([]),
});
export type EscalationSetup = z.output<typeof escalationSetupSchema>;

const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const stringField = (field: string) => (item: unknown) => {
  const value = record(item)[field];
  return typeof value === 'string' ? value.trim().toLowerCase() : undefined;
};
const memberKey = (item: unknown) => (typeof item === 'string' ? item.trim().toLowerCase() : (stringField('email')(item) ?? stringField('employeeId')(item) ?? stringField('user')(item)));

/** Checks across entries: names unique, references to groups that exist, one fallback. */
export function setupCrossChecks(raw: Record<string, unknown>): LocatedProblem[] {
  const groups = list(raw.groups);
  const problems = duplicates(groups, stringField('name'), (i) => ['groups', i, 'name'], (name, first) => `group name "${name}" is already used by group ${first + 1}`);
  const names = new Set(groups.map(stringField('name')).filter((n): n is string => n !== undefined));
  groups.forEach((group, index) => {
    const { backup, name: own } = record(group);
    if (typeof backup === 'string' && !names.has(backup.trim().toLowerCase())) {
      problems.push({ path: ['groups', index, 'backup'], message: `no group named "${backup}" in this file` });
    } else if (typeof backup === 'string' && typeof own === 'string' && backup.trim().toLowerCase() === own.trim().toLowerCase()) {
      problems.push({ path: ['groups', index, 'backup'], message: 'a group cannot be its own backup' });
    }
    problems.push(...duplicates(list(record(group).members), memberKey, (i) => ['groups', index, 'members', i], (who, first) => `"${who}" is already member ${first + 1} of this group`));
  });
  const fallbacks = groups.flatMap((group, index) => (record(group).fallback === true ? [index] : []));
  for (const index of fallbacks.slice(1)) {
    problems.push({ path: ['groups', index, 'fallback'], message: `only one group can be the fallback; entry ${(fallbacks[0] ?? 0) + 1} already is` });
  }
  list(raw.rules).forEach((rule, index) => {
    const group = record(rule).group;
    if (typeof group === 'string' && !names.has(group.trim().toLowerCase())) {
      problems.push({ path: ['rules', index, 'group'], message: `no group named "${group}" in this file` });
    }
  });
  return problems;
}
