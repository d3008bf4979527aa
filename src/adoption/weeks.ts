/**
 * ISO weeks in a tenant's time zone. A week is named by the date of its
 * Monday ("2026-11-30") and runs from Monday 00:00 to the next Monday 00:00
 * local time, so a Shanghai team's Monday-morning logins count in the week a
 * Shanghai manager would say they belong to. Instants are UTC Dates.
 */
import { isoWeekday, localDateTime, zonedTime, type LocalDate } from '../time/zones.js';
import { HypercareError } from '../bot/core/errors.js';

const DAY_MS = 86_400_000;

export interface Week {
  /** Monday's local date, YYYY-MM-DD. */
  start: string;
  /** ISO week label, e.g. 2026-W49. */
  label: string;
  /** First instant of the week (inclusive). */
  from: Date;
  /** First instant of the next week (exclusive). */
  to: Date;
}

export function parseWeekStart(value: string): LocalDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
  if (!date || formatDate(date) !== formatDate(fromDayCount(toDayCount(date)))) {
    throw new HypercareError('bad_request', `week "${value}" is not a date (use YYYY-MM-DD, the Monday of the week)`);
  }
  if (isoWeekday(date) !== 1) throw new HypercareError('bad_request', `week "${value}" does not start on a Monday`);
  return date;
}

/** The week starting on `start` (a Monday) in `timezone`. */
export function weekOf(start: string, timezone: string): Week {
  const monday = parseWeekStart(start);
  const next = fromDayCount(toDayCount(monday) + 7);
  return { start, label: isoWeekLabel(monday), from: zonedTime(monday, 0, timezone), to: zonedTime(next, 0, timezone) };
}

/** The Monday of the week that holds `instant`, in `timezone`. */
export function weekStartOf(instant: Date, timezone: string): string {
  const local = localDateTime(instant, timezone);
  const date = { year: local.year, month: local.month, day: local.day };
  return formatDate(fromDayCount(toDayCount(date) - (isoWeekday(date) - 1)));
}

/** The last full week before the one holding `now`: what a Monday digest reports on. */
export function lastFullWeekStart(now: Date, timezone: string): string {
  return shiftWeek(weekStartOf(now, timezone), -1);
}

export function shiftWeek(start: string, weeks: number): string {
  return formatDate(fromDayCount(toDayCount(parseWeekStart(start)) + weeks * 7));
}

/** `count` weeks ending with `last`, oldest first. */
export function weeksEndingWith(last: string, count: number, timezone: string): Week[] {
  return Array.from({ length: count }, (_, i) => weekOf(shiftWeek(last, i - count + 1), timezone));
}

export function isoWeekLabel(monday: LocalDate): string {
  // The ISO year is the year of the week's Thursday.
  const thursday = fromDayCount(toDayCount(monday) + 3);
  const jan1 = toDayCount({ year: thursday.year, month: 1, day: 1 });
  const week = Math.floor((toDayCount(thursday) - jan1) / 7) + 1;
  return `${thursday.year}-W${String(week).padStart(2, '0')}`;
}

function toDayCount(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

function fromDayCount(days: number): LocalDate {
  const d = new Date(days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function formatDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}
