import type { Escalation } from '../generated/prisma/client.js';

/**
 * Champion-first: a new escalation the asker's department's champions have to
 * themselves. Any change (a claim, the hand-over to the engineers) bumps the
 * version and ends the window.
 */
export function inChampionWindow(escalation: Pick<Escalation, 'status' | 'championUntil' | 'version'>): boolean {
  return escalation.status === 'open' && escalation.championUntil !== null && escalation.version === 0;
}
