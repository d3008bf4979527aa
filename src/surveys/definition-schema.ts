/**
 * The survey definition file: what a survey asks, of whom and when.
 * Authored as YAML (or JSON, which YAML reads too) and validated here with zod;
 * every text is written in both languages Hypercare speaks. Checks across
 * fields (unique ids, reminder before close) live in definition.ts, so they
 * are reported even when other parts of the file are wrong.
 */
import { z } from 'zod';
import { isValidTimeZone } from '../time/zones.js';
import { ROLES } from '../knowledge/types.js';

const missingOr = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `missing: ${what}` : `must be ${what}`;

const text = (lang: string) =>
  z.string({ error: missingOr(`the ${lang} text`) }).trim().min(1, `the ${lang} text is empty`);

/** A text in both languages; a missing language is an error, not a fallback. */
export const localizedTextSchema = z.strictObject({ en: text('en'), 'zh-CN': text('zh-CN') });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

const identifier = z
  .string({ error: missingOr('an id') })
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lower-case letters, digits, "-" or "_" (at most 64)');

const questionBase = {
  id: identifier,
  title: localizedTextSchema,
  /** Optional questions may be skipped; required is the default. */
  required: z.boolean().default(true),
};

const optionSchema = z.strictObject({ id: identifier, label: localizedTextSchema });
export type SurveyOption = z.infer<typeof optionSchema>;

const ratingQuestion = z.strictObject({
  ...questionBase,
  type: z.literal('rating'),
  /** Words at the ends of the 1–5 scale, e.g. "very hard" … "very easy". */
  lowLabel: localizedTextSchema.optional(),
  highLabel: localizedTextSchema.optional(),
});
const npsQuestion = z.strictObject({ ...questionBase, type: z.literal('nps') });
const singleChoiceQuestion = z.strictObject({
  ...questionBase,
  type: z.literal('single_choice'),
  options: z.array(optionSchema).min(2, 'needs at least 2 options'),
});
const multipleChoiceQuestion = z.strictObject({
  ...questionBase,
  type: z.literal('multiple_choice'),
  options: z.array(optionSchema).min(2, 'needs at least 2 options'),
  maxSelections: z.int().positive().optional(),
});
const freeTextQuestion = z.strictObject({
  ...questionBase,
  type: z.literal('text'),
  maxLength: z.int().positive().max(4000).default(1000),
});

export const QUESTION_TYPES = ['rating', 'nps', 'single_choice', 'multiple_choice', 'text'] as const;

const questionSchema = z.discriminatedUnion(
  'type',
  [ratingQuestion, npsQuestion, singleChoiceQuestion, multipleChoiceQuestion, freeTextQuestion],
  { error: `type must be one of: ${QUESTION_TYPES.join(', ')}` },
);
export type SurveyQuestion = z.infer<typeof questionSchema>;

const nameList = (what: string) =>
  z.array(z.string().trim().min(1)).min(1, `needs at least one ${what}`);

/** Departments and waves are named as in the directory (names are unique per tenant). */
const targetingSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('everyone') }),
    z.strictObject({ type: z.literal('departments'), departments: nameList('department') }),
    z.strictObject({ type: z.literal('roles'), roles: z.array(z.enum(ROLES)).min(1, 'needs at least one role') }),
    z.strictObject({ type: z.literal('waves'), waves: nameList('wave') }),
  ],
  { error: 'type must be one of: everyone, departments, roles, waves' },
);
export type SurveyTargeting = z.infer<typeof targetingSchema>;

const timeZone = z
  .string({ error: missingOr('an IANA time zone such as Asia/Shanghai') })
  .refine(isValidTimeZone, 'is not a known IANA time zone (e.g. Asia/Shanghai, Europe/Berlin)');

const wallClock = z
  .string({ error: missingOr('a time "HH:MM"') })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time "HH:MM"');

const localDateTimeText = z
  .string({ error: missingOr('a local date and time "YYYY-MM-DDTHH:MM"') })
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/, 'must be a local date and time "YYYY-MM-DDTHH:MM" (no offset: tz says where)')
  .refine(isCalendarDate, 'is not a date in the calendar');

function isCalendarDate(localDateTime: string): boolean {
  const [year = 0, month = 0, day = 0] = localDateTime.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 30 February over into March; a real date survives the round trip.
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// Five fields (minute precision) or six (with seconds), as BullMQ's cron parser reads them.
const cronField = /^[\d*/,?LW#A-Za-z-]+$/;
const cronPattern = z
  .string({ error: missingOr('a cron pattern') })
  .refine((value) => {
    const fields = value.trim().split(/\s+/);
    return (fields.length === 5 || fields.length === 6) && fields.every((field) => cronField.test(field));
  }, 'must be a cron pattern of 5 fields, e.g. "0 10 * * 1" (Mondays 10:00)');

const scheduleSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('once'), at: localDateTimeText, tz: timeZone }),
    z.strictObject({
      type: z.literal('relative'),
      /** D+N after each wave's go-live date. */
      days: z
        .array(z.int().nonnegative().max(3650))
        .min(1, 'needs at least one day')
        .refine((days) => new Set(days).size === days.length, 'days must not repeat'),
      at: wallClock,
      tz: timeZone,
    }),
    z.strictObject({ type: z.literal('recurring'), cron: cronPattern, tz: timeZone }),
  ],
  { error: 'type must be one of: once, relative, recurring' },
);
export type SurveySchedule = z.infer<typeof scheduleSchema>;

export const surveyDefinitionSchema = z.strictObject({
  key: identifier,
  title: localizedTextSchema,
  intro: localizedTextSchema.optional(),
  anonymous: z.boolean().default(false),
  /** 1 is the most important; larger numbers yield to smaller ones (BullMQ's convention). */
  priority: z.int().min(1).max(1000).default(100),
  questions: z.array(questionSchema).min(1, 'needs at least one question'),
  targeting: targetingSchema.default({ type: 'everyone' }),
  schedule: scheduleSchema,
  /** Hours after the invite before one reminder to those who have not answered; absent means no reminder. */
  reminderAfterHours: z.int().positive().optional(),
  closesAfterDays: z.int().positive().max(365).default(7),
});

export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;
