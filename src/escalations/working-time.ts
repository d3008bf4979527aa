/**
 * Working-time arithmetic in a time zone: "is this instant within working
 * hours" and "add N working minutes to this instant". Pure functions over
 * Intl (no time-zone library): local wall time is read with
 * Intl.DateTimeFormat and converted back to UTC by offset correction.
 *
 * Shifts that cross midnight are not supported (the settings schema refuses
 * end <= start); a day's window is [start, end) in local wall time.
 */

export interface WorkingHours {
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  days: readonly number[];
  /** Local "HH:MM", inclusive. */
  start: string;
  /** Local "HH:MM" (or "24:00"), exclusive, after start. */
  end: string;
}

export interface WorkingCalendar {
  timezone: string;
  hours: WorkingHours;
}

import { dayNumber, isoWeekday, localDateTime, zonedTime, type LocalDate } from '../time/zones.js';

export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

const MINUTE_MS = 60_000;

function minuteOfDay(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function nextDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** The working window of one local date, or undefined on a day off. */
function windowOf(date: LocalDate, calendar: WorkingCalendar): { start: number; end: number } | undefined {
  if (!calendar.hours.days.includes(isoWeekday(date))) return undefined;
  return {
    start: zonedTime(date, minuteOfDay(calendar.hours.start), calendar.timezone).getTime(),
    end: zonedTime(date, minuteOfDay(calendar.hours.end), calendar.timezone).getTime(),
  };
}

export function isWorkingTime(instant: Date, calendar: WorkingCalendar): boolean {
  const window = windowOf(localDateTime(instant, calendar.timezone), calendar);
  return window !== undefined && instant.getTime() >= window.start && instant.getTime() < window.end;
}

/**
 * The instant `minutes` working minutes after `from`. Time outside working
 * hours does not count, so from Friday 17:50 (09:00–18:00, Mon–Fri) plus 15
 * minutes is Monday 09:05. Zero minutes gives the next working moment
 * (`from` itself when it is within working hours).
 */
export function addWorkingMinutes(from: Date, minutes: number, calendar: WorkingCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`working minutes must be a non-negative number, got ${minutes}`);
  if (calendar.hours.days.length === 0) throw new RangeError('working hours have no working days');
  let remaining = minutes * MINUTE_MS;
  let cursor = from.getTime();
  let date: LocalDate = localDateTime(from, calendar.timezone);
  // Bounded: every week has at least one working day, so this ends within remaining/day-length weeks.
  for (let guard = 0; guard < 100_000; guard++) {
    const window = windowOf(date, calendar);
    if (window) {
      const begin = Math.max(cursor, window.start);
      if (begin < window.end) {
        if (remaining <= window.end - begin) return new Date(begin + remaining);
        remaining -= window.end - begin;
      }
      cursor = Math.max(cursor, window.end);
    }
    date = nextDate(date);
  }
  throw new RangeError(`cannot add ${minutes} working minutes: the working calendar is too sparse`);
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  let total = 0;
  let date: LocalDate = localDateTime(from, calendar.timezone);
  const end = to.getTime();
  for (let guard = 0; guard < 100_000; guard++) {
    const window = windowOf(date, calendar);
    if (window) {
      if (window.start >= end) break;
      const begin = Math.max(from.getTime(), window.start);
      const finish = Math.min(end, window.end);
      if (finish > begin) total += finish - begin;
    } else if (zonedTime(date, 0, calendar.timezone).getTime() >= end) {
      break;
    }
    date = nextDate(date);
  }
  return total / MINUTE_MS;
}
