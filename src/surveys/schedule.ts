/**
 * When a survey runs. Pure functions over a validated schedule, the tenant's
 * waves and an injected `now`: they name each occurrence with a stable run key
 * (the SurveyRun.occurrenceKey and the `runKey` of 'surveys.fan-out'), so a
 * re-applied file or a retried job finds the same run instead of making a new one.
 */
import { localDateTime, zonedTime } from '../time/zones.js';
import type { SurveySchedule } from './definition-schema.js';

export interface WaveGoLive {
  id: string;
  goLiveAt: Date;
}

export interface SurveyOccurrence {
  runKey: string;
  /** The wave a relative (D+N) occurrence belongs to; null for others. */
  waveId: string | null;
  opensAt: Date;
  closesAt: Date;
}

export interface PlannedOccurrence extends SurveyOccurrence {
  /** Milliseconds from now until it opens; 0 when it is open already (a late start still sends). */
  delayMs: number;
}

/** A BullMQ job scheduler for a recurring survey; pass to `queue.upsertJobScheduler(schedulerId, repeat, template)`. */
export interface SurveyJobSchedulerSpec {
  schedulerId: string;
  repeat: { pattern: string; tz: string };
  template: { name: 'surveys.fan-out'; data: { surveyId: string; runKey: typeof RECURRING_RUN_KEY } };
}

/**
 * The job scheduler repeats one template, so a recurring fan-out job cannot
 * carry its own run key; it carries this marker and the processor names the
 * run with `recurringRunKey(<the job's scheduled time>, tz)`.
 */
export const RECURRING_RUN_KEY = 'recurring';

const MINUTE_MS = 60_000;

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The same wall time `days` calendar days later in the zone (not days × 24 h: DST days are 23 or 25 h). */
function addLocalDays(instant: Date, days: number, tz: string): Date {
  const local = localDateTime(instant, tz);
  return zonedTime({ year: local.year, month: local.month, day: local.day + days }, local.hour * 60 + local.minute, tz);
}

/** Every occurrence of a `once` or `relative` schedule; a recurring schedule has none here (BullMQ repeats it). */
export function occurrences(schedule: SurveySchedule, waves: readonly WaveGoLive[], closesAfterDays: number): SurveyOccurrence[] {
  switch (schedule.type) {
    case 'once': {
      const [date = '', time = '00:00'] = schedule.at.split('T');
      const [year, month, day] = date.split('-').map(Number);
      const opensAt = zonedTime({ year: year ?? 1970, month: month ?? 1, day: day ?? 1 }, minutesOf(time), schedule.tz);
      return [{ runKey: 'once', waveId: null, opensAt, closesAt: addLocalDays(opensAt, closesAfterDays, schedule.tz) }];
    }
    case 'relative':
      return waves.flatMap((wave) => {
        // D+0 is the go-live date as people in the zone see it, whatever the hour of go-live.
        const goLive = localDateTime(wave.goLiveAt, schedule.tz);
        return schedule.days.map((days) => {
          // Date.UTC normalises day overflow (31 + 7 → next month) inside zonedTime.
          const opensAt = zonedTime({ year: goLive.year, month: goLive.month, day: goLive.day + days }, minutesOf(schedule.at), schedule.tz);
          return { runKey: relativeRunKey(days, wave.id), waveId: wave.id, opensAt, closesAt: addLocalDays(opensAt, closesAfterDays, schedule.tz) };
        });
      });
    case 'recurring':
      return [];
  }
}

export function relativeRunKey(days: number, waveId: string): string {
  return `D+${days}:${waveId}`;
}

/**
 * The occurrences still worth scheduling at `now`, soonest first: those that
 * have not closed. One that opened already but is still open starts at once,
 * so a wave added late (or a survey applied late) still gets its D+7.
 */
export function upcomingOccurrences(
  schedule: SurveySchedule,
  waves: readonly WaveGoLive[],
  closesAfterDays: number,
  now: Date,
): PlannedOccurrence[] {
  return occurrences(schedule, waves, closesAfterDays)
    .filter((occurrence) => occurrence.closesAt.getTime() > now.getTime())
    .map((occurrence) => ({ ...occurrence, delayMs: Math.max(0, occurrence.opensAt.getTime() - now.getTime()) }))
    .sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime() || a.runKey.localeCompare(b.runKey));
}

/** Stable per survey, so re-applying a definition replaces its scheduler instead of adding a second one. */
export function surveySchedulerId(surveyId: string): string {
  return `survey-${surveyId}`;
}

export function jobSchedulerSpec(surveyId: string, schedule: SurveySchedule): SurveyJobSchedulerSpec | null {
  if (schedule.type !== 'recurring') return null;
  return {
    schedulerId: surveySchedulerId(surveyId),
    repeat: { pattern: schedule.cron, tz: schedule.tz },
    template: { name: 'surveys.fan-out', data: { surveyId, runKey: RECURRING_RUN_KEY } },
  };
}

/** The run key of one firing of a recurring survey: its local start minute, e.g. `2026-03-02T10:00`. */
export function recurringRunKey(firedAt: Date, tz: string): string {
  const local = localDateTime(new Date(Math.floor(firedAt.getTime() / MINUTE_MS) * MINUTE_MS), tz);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${local.year}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}`;
}

/** When a recurring run opened at `opensAt` closes. */
export function closesAtFor(opensAt: Date, closesAfterDays: number, tz: string): Date {
  return addLocalDays(opensAt, closesAfterDays, tz);
}
