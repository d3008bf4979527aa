/**
 * Group commit for hot, independent statements (the redelivery guard, user
 * lookups, question inserts): calls made while the event loop is busy are
 * collected and run as ONE statement at the next turn of the loop. Each
 * statement through Prisma costs ~0.3–0.8 ms of CPU in the client alone, so
 * under load (many messages in flight) this divides that cost by the batch
 * size; when idle a batch of one goes out with a single turn's delay.
 * The batch function must return one result per item, in order; if it
 * fails, every caller of that batch gets the error.
 */
export type BatchFunction<I, O> = (items: readonly I[]) => Promise<readonly O[]>;

export class MicroBatcher<I, O> {
  private pending: { item: I; resolve: (value: O) => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly run: BatchFunction<I, O>,
    /** Bigger batches wait for the next one: statements stay a sensible size. */
    private readonly maxBatch = 200,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate, not a microtask: it lets this turn's other I/O callbacks add to the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.run(batch.map((b) => b.item)).then(
      (results) => {
        if (results.length !== batch.length) {
          const err = new Error(`batch returned ${results.length} results for ${batch.length} items`);
          for (const b of batch) b.reject(err);
          return;
        }
        batch.forEach((b, i) => b.resolve(results[i]!));
      },
      (err: unknown) => {
        for (const b of batch) b.reject(err);
      },
    );
  }
}
