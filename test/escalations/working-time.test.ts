/** Working-time arithmetic: evenings, weekends, time zones and a DST change. */
import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, isWorkingTime, workingMinutesBetween, type WorkingCalendar } from '../../src/escalations/working-time.js';

const shanghai: WorkingCalendar = { timezone: 'Asia/Shanghai', hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' } };
const newYork: WorkingCalendar = { timezone: 'America/New_York', hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' } };
const at = (iso: string) => new Date(iso);

describe('addWorkingMinutes', () => {
  it('adds plainly within a working day (Wednesday 10:00 Shanghai + 15)', () => {
    expect(addWorkingMinutes(at('2026-03-04T10:00:00+08:00'), 15, shanghai)).toEqual(at('2026-03-04T10:15:00+08:00'));
  });

  it('carries over the evening to the next morning', () => {
    expect(addWorkingMinutes(at('2026-03-04T17:50:00+08:00'), 15, shanghai)).toEqual(at('2026-03-05T09:05:00+08:00'));
  });

  it('starts counting at 09:00 when asked at night', () => {
    expect(addWorkingMinutes(at('2026-03-04T23:30:00+08:00'), 60, shanghai)).toEqual(at('2026-03-05T10:00:00+08:00'));
    expect(addWorkingMinutes(at('2026-03-05T06:00:00+08:00'), 60, shanghai)).toEqual(at('2026-03-05T10:00:00+08:00'));
  });

  it('skips the weekend (Friday 17:50 + 15 → Monday 09:05)', () => {
    expect(addWorkingMinutes(at('2026-03-06T17:50:00+08:00'), 15, shanghai)).toEqual(at('2026-03-09T09:05:00+08:00'));
    expect(addWorkingMinutes(at('2026-03-07T12:00:00+08:00'), 15, shanghai)).toEqual(at('2026-03-09T09:15:00+08:00'));
  });

  it('counts a working day of 540 minutes as the same time next working day', () => {
    expect(addWorkingMinutes(at('2026-03-06T11:00:00+08:00'), 540, shanghai)).toEqual(at('2026-03-09T11:00:00+08:00'));
    expect(addWorkingMinutes(at('2026-03-02T09:00:00+08:00'), 5 * 540, shanghai)).toEqual(at('2026-03-06T18:00:00+08:00'));
  });

  it('uses the local day, not the UTC day (Monday 08:00 Shanghai is Sunday in UTC)', () => {
    expect(addWorkingMinutes(at('2026-03-09T00:00:00Z'), 30, shanghai)).toEqual(at('2026-03-09T09:30:00+08:00'));
  });

  it('follows a daylight-saving change (New York, 8 March 2026)', () => {
    // Friday 17:50 EST (UTC-5) + 15 → Monday 09:05 EDT (UTC-4).
    expect(addWorkingMinutes(at('2026-03-06T17:50:00-05:00'), 15, newYork)).toEqual(at('2026-03-09T09:05:00-04:00'));
  });

  it('honours custom days and hours (Saturday shift 10:00–14:00)', () => {
    const weekendDesk: WorkingCalendar = { timezone: 'Europe/Berlin', hours: { days: [6], start: '10:00', end: '14:00' } };
    expect(addWorkingMinutes(at('2026-03-04T12:00:00+01:00'), 300, weekendDesk)).toEqual(at('2026-03-14T11:00:00+01:00'));
  });

  it('gives the next working moment for zero minutes and refuses negative ones', () => {
    expect(addWorkingMinutes(at('2026-03-07T12:00:00+08:00'), 0, shanghai)).toEqual(at('2026-03-09T09:00:00+08:00'));
    expect(addWorkingMinutes(at('2026-03-04T12:00:00+08:00'), 0, shanghai)).toEqual(at('2026-03-04T12:00:00+08:00'));
    expect(() => addWorkingMinutes(at('2026-03-04T12:00:00+08:00'), -1, shanghai)).toThrow(/non-negative/);
  });
});

describe('isWorkingTime and workingMinutesBetween', () => {
  it('knows working hours in the calendar time zone', () => {
    expect(isWorkingTime(at('2026-03-04T09:00:00+08:00'), shanghai)).toBe(true);
    expect(isWorkingTime(at('2026-03-04T18:00:00+08:00'), shanghai)).toBe(false);
    expect(isWorkingTime(at('2026-03-07T10:00:00+08:00'), shanghai)).toBe(false);
    // 10:00 in Shanghai is 21:00 the day before in New York.
    expect(isWorkingTime(at('2026-03-04T10:00:00+08:00'), newYork)).toBe(false);
  });

  it('measures working minutes across a weekend', () => {
    expect(workingMinutesBetween(at('2026-03-06T17:00:00+08:00'), at('2026-03-09T10:00:00+08:00'), shanghai)).toBe(120);
    expect(workingMinutesBetween(at('2026-03-09T10:00:00+08:00'), at('2026-03-06T17:00:00+08:00'), shanghai)).toBe(0);
  });
});
