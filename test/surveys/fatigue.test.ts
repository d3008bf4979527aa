/** The fatigue guard: one invite per rolling window, more important surveys first. */
import { describe, expect, it } from 'vitest';
import { fatigueDecision } from '../../src/surveys/fatigue.js';

const at = (iso: string) => new Date(iso);
const now = at('2026-03-10T10:00:00Z');

describe('fatigueDecision', () => {
  it('lets an invite go when nobody asked this person in the last 7 days', () => {
    expect(fatigueDecision({ now, priority: 100, recentInvites: [] })).toEqual({ allowed: true, reason: 'quiet' });
    expect(fatigueDecision({ now, priority: 100, recentInvites: [{ sentAt: at('2026-03-03T10:00:00Z'), priority: 100 }] })).toEqual({
      allowed: true,
      reason: 'quiet',
    });
  });

  it('makes an equally or less important survey wait until a week after the last invite', () => {
    const recentInvites = [{ sentAt: at('2026-03-08T09:30:00Z'), priority: 100 }];
    expect(fatigueDecision({ now, priority: 100, recentInvites })).toEqual({ allowed: false, earliestAt: at('2026-03-15T09:30:00Z') });
    expect(fatigueDecision({ now, priority: 200, recentInvites })).toEqual({ allowed: false, earliestAt: at('2026-03-15T09:30:00Z') });
  });

  it('lets a more important survey go past less important recent invites, but not past an equal one', () => {
    const routine = { sentAt: at('2026-03-08T09:30:00Z'), priority: 100 };
    expect(fatigueDecision({ now, priority: 10, recentInvites: [routine] })).toEqual({ allowed: true, reason: 'more_important' });
    const urgent = { sentAt: at('2026-03-09T09:30:00Z'), priority: 10 };
    expect(fatigueDecision({ now, priority: 10, recentInvites: [routine, urgent] })).toEqual({ allowed: false, earliestAt: at('2026-03-16T09:30:00Z') });
  });

  it('honours a custom window and limit: the earliest time is when enough invites have left the window', () => {
    const recentInvites = [
      { sentAt: at('2026-03-09T08:00:00Z'), priority: 100 },
      { sentAt: at('2026-02-28T08:00:00Z'), priority: 100 },
      { sentAt: at('2026-03-05T08:00:00Z'), priority: 100 },
    ];
    // 14 days, at most 2: all three are in the window; two must leave to make room, the second (5 March) leaves on 19 March.
    expect(fatigueDecision({ now, priority: 100, recentInvites, rule: { windowDays: 14, maxInvitesPerWindow: 2 } })).toEqual({
      allowed: false,
      earliestAt: at('2026-03-19T08:00:00Z'),
    });
    // 3 days, at most 1: only 9 March is in the window.
    expect(fatigueDecision({ now, priority: 100, recentInvites, rule: { windowDays: 3 } })).toEqual({ allowed: false, earliestAt: at('2026-03-12T08:00:00Z') });
  });

  it('treats an invite sent exactly one window ago as gone', () => {
    expect(fatigueDecision({ now, priority: 100, recentInvites: [{ sentAt: at('2026-03-03T10:00:00Z'), priority: 100 }] }).allowed).toBe(true);
    expect(fatigueDecision({ now, priority: 100, recentInvites: [{ sentAt: at('2026-03-03T10:00:00.001Z'), priority: 100 }] })).toEqual({
      allowed: false,
      earliestAt: at('2026-03-10T10:00:00.001Z'),
    });
  });
});
