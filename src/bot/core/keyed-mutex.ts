/**
 * Serialises work per key inside one process: per conversation thread, so two
 * quick messages in one thread are answered in order; per workspace, for the
 * send-rate limiter's last step before a post. Across replicas the
 * redelivery guard prevents double answers; ordering across replicas is not
 * promised (platforms route a conversation's events in order in practice).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      // Drop the entry once nothing queued behind us, so the map stays small.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  get size(): number {
    return this.tails.size;
  }
}
