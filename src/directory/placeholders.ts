/**
 * A person known only from the roster (no chat account matched yet) is stored
 * with platformUserId `roster:<email>`: the prefix can never collide with a
 * Slack, Teams or local id, and no channel can write to it.
 */
export const ROSTER_PLATFORM_USER_PREFIX = 'roster:';

export function isPlaceholder(platformUserId: string): boolean {
  return platformUserId.startsWith(ROSTER_PLATFORM_USER_PREFIX);
}
