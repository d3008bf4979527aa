/**
 * The fatigue guard: people who are asked too often stop answering. Before
 * an invite goes out, this decides from the person's recent invites whether
 * it may go now or when it may go at the earliest. Pure; the caller passes
 * `now` and the invites sent in (at least) the last window.
 *
 * Rule: at most `maxInvitesPerWindow` invites in any rolling window
 * (default 1 per 7 days). A survey more important than every invite already
 * in the window goes anyway (a priority number lower than all of theirs;
 * 1 is the most important), so a critical survey never waits behind a routine
 * pulse; because it must beat each of them, overrides cannot pile up at one
 * priority. Everything else waits until enough invites have left the window.
 */

export const DEFAULT_FATIGUE_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

export interface RecentInvite {
  sentAt: Date;
  /** The priority of the survey the invite was for. */
  priority: number;
}

export interface FatigueRule {
  windowDays: number;
  maxInvitesPerWindow: number;
}

export const DEFAULT_FATIGUE_RULE: FatigueRule = { windowDays: DEFAULT_FATIGUE_WINDOW_DAYS, maxInvitesPerWindow: 1 };

export type FatigueDecision =
  | { allowed: true; reason: 'quiet' | 'more_important' }
  /** Not now: try again at `earliestAt`, when enough recent invites have left the window. */
  | { allowed: false; earliestAt: Date };

export interface FatigueQuestion {
  now: Date;
  /** The priority of the survey about to be sent. */
  priority: number;
  recentInvites: readonly RecentInvite[];
  rule?: Partial<FatigueRule>;
}

export function fatigueDecision({ now, priority, recentInvites, rule }: FatigueQuestion): FatigueDecision {
  const { windowDays, maxInvitesPerWindow: requestedMax } = { ...DEFAULT_FATIGUE_RULE, ...rule };
  // A limit of 0 would never let anything through; treat it as 1.
  const maxInvitesPerWindow = Math.max(1, Math.floor(requestedMax));
  const windowMs = windowDays * DAY_MS;
  // An invite sent exactly one window ago has left it; one "sent" after now (clock skew) still counts.
  const inWindow = recentInvites
    .filter((invite) => invite.sentAt.getTime() > now.getTime() - windowMs)
    .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());

  if (inWindow.length < maxInvitesPerWindow) return { allowed: true, reason: 'quiet' };
  if (inWindow.every((invite) => priority < invite.priority)) return { allowed: true, reason: 'more_important' };

  // There is room again once the (length − max + 1) oldest invites have left the window.
  const leaving = inWindow[inWindow.length - maxInvitesPerWindow];
  const earliest = leaving ? leaving.sentAt.getTime() + windowMs : now.getTime();
  return { allowed: false, earliestAt: new Date(Math.max(earliest, now.getTime())) };
}
