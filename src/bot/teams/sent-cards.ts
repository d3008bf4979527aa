/**
 * The cards this process posted recently, by the id Teams gave each post.
 * An Action.Execute invoke names the card's message (replyToId) but does not
 * carry the card, so to refresh it in place (same answer, buttons replaced
 * by the outcome) the bot must remember it. Bounded and in memory: after a
 * restart, or on another replica, the refresh shows the outcome alone.
 */
import type { AdaptiveCard } from './cards.js';

export class SentCards {
  private readonly cards = new Map<string, AdaptiveCard>();

  constructor(private readonly capacity = 2_000) {}

  remember(conversationId: string, activityId: string, card: AdaptiveCard): void {
    const key = `${conversationId}|${activityId}`;
    this.cards.delete(key);
    this.cards.set(key, card);
    if (this.cards.size > this.capacity) this.cards.delete(this.cards.keys().next().value!);
  }

  find(conversationId: string, activityId: string | undefined): AdaptiveCard | undefined {
    return activityId ? this.cards.get(`${conversationId}|${activityId}`) : undefined;
  }
}
