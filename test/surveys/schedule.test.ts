/** Survey occurrences: D+N per wave, once, recurring; across time zones and DST changes. */
import { describe, expect, it } from 'vitest';
import type { SurveySchedule } from '../../src/surveys/definition.js';
import { jobSchedulerSpec, occurrences, recurringRunKey, upcomingOccurrences } from '../../src/surveys/schedule.js';

const at = (iso: string) => new Date(iso);
const relative = (tz: string): SurveySchedule => ({ type: 'relative', days: [7, 30, 90], at: '10:00', tz });
const waves = [
  // 04:00 on 2 March in Shanghai, still 1 March in New York.
  { id: 'w1', goLiveAt: at('2026-03-01T20:00:00Z') },
  { id: 'w2', goLiveAt: at('2026-04-15T01:00:00Z') },
];

describe('relative occurrences', () => {
  it('opens D+7/30/90 at 10:00 local after each wave’s go-live date (Shanghai)', () => {
    const list = occurrences(relative('Asia/Shanghai'), waves, 7);
    expect(list.map((o) => [o.runKey, o.waveId, o.opensAt.toISOString(), o.closesAt.toISOString()])).toEqual([
      ['D+7:w1', 'w1', '2026-03-09T02:00:00.000Z', '2026-03-16T02:00:00.000Z'],
      ['D+30:w1', 'w1', '2026-04-01T02:00:00.000Z', '2026-04-08T02:00:00.000Z'],
      ['D+90:w1', 'w1', '2026-05-31T02:00:00.000Z', '2026-06-07T02:00:00.000Z'],
      ['D+7:w2', 'w2', '2026-04-22T02:00:00.000Z', '2026-04-29T02:00:00.000Z'],
      ['D+30:w2', 'w2', '2026-05-15T02:00:00.000Z', '2026-05-22T02:00:00.000Z'],
      ['D+90:w2', 'w2', '2026-07-14T02:00:00.000Z', '2026-07-21T02:00:00.000Z'],
    ]);
  });

  it('takes the go-live date as seen in the survey’s zone and keeps 10:00 across the US DST change', () => {
    // Go-live is 1 March 15:00 EST; D+7 is Sunday 8 March, the day clocks go forward: 10:00 EDT = 14:00Z.
    const [d7, d30] = occurrences(relative('America/New_York'), waves, 7);
    expect(d7?.opensAt).toEqual(at('2026-03-08T10:00:00-04:00'));
    expect(d30?.opensAt).toEqual(at('2026-03-31T10:00:00-04:00'));
    expect(d7?.closesAt).toEqual(at('2026-03-15T10:00:00-04:00'));
  });

  it('has no occurrences without waves', () => {
    expect(occurrences(relative('UTC'), [], 7)).toEqual([]);
  });
});

describe('once', () => {
  it('opens at the local time on the day Berlin moves to summer time', () => {
    const [only] = occurrences({ type: 'once', at: '2026-03-29T10:00', tz: 'Europe/Berlin' }, waves, 7);
    expect(only).toEqual({ runKey: 'once', waveId: null, opensAt: at('2026-03-29T08:00:00Z'), closesAt: at('2026-04-05T08:00:00Z') });
  });

  it('closes after N calendar days at the same wall time, even when a DST change makes that 167 hours', () => {
    const [only] = occurrences({ type: 'once', at: '2026-03-05T10:00', tz: 'America/New_York' }, [], 7);
    expect(only?.opensAt).toEqual(at('2026-03-05T15:00:00Z'));
    expect(only?.closesAt).toEqual(at('2026-03-12T14:00:00Z'));
  });
});

describe('upcomingOccurrences', () => {
  it('drops closed occurrences, starts open ones at once and waits for future ones', () => {
    const now = at('2026-03-10T00:00:00Z');
    const list = upcomingOccurrences(relative('Asia/Shanghai'), waves, 7, now);
    expect(list[0]).toMatchObject({ runKey: 'D+7:w1', delayMs: 0 });
    expect(list[1]).toMatchObject({ runKey: 'D+30:w1', delayMs: at('2026-04-01T02:00:00Z').getTime() - now.getTime() });
    expect(list.map((o) => o.runKey)).toEqual(['D+7:w1', 'D+30:w1', 'D+7:w2', 'D+30:w2', 'D+90:w1', 'D+90:w2']);
    expect(upcomingOccurrences(relative('Asia/Shanghai'), waves, 7, at('2026-03-16T02:00:00Z'))[0]?.runKey).toBe('D+30:w1');
  });
});

describe('recurring', () => {
  it('gives a BullMQ job scheduler with a stable id per survey', () => {
    expect(jobSchedulerSpec('s1', { type: 'recurring', cron: '0 10 * * 1', tz: 'Asia/Shanghai' })).toEqual({
      schedulerId: 'survey-s1',
      repeat: { pattern: '0 10 * * 1', tz: 'Asia/Shanghai' },
      template: { name: 'surveys.fan-out', data: { surveyId: 's1', runKey: 'recurring' } },
    });
    expect(jobSchedulerSpec('s1', relative('UTC'))).toBeNull();
    expect(occurrences({ type: 'recurring', cron: '0 10 * * 1', tz: 'UTC' }, waves, 7)).toEqual([]);
  });

  it('names each firing by its local start minute, the same for a retry seconds later', () => {
    expect(recurringRunKey(at('2026-03-02T02:00:00.123Z'), 'Asia/Shanghai')).toBe('2026-03-02T10:00');
    expect(recurringRunKey(at('2026-03-02T02:00:41Z'), 'Asia/Shanghai')).toBe('2026-03-02T10:00');
    expect(recurringRunKey(at('2026-03-02T02:00:00Z'), 'America/New_York')).toBe('2026-03-01T21:00');
  });
});
