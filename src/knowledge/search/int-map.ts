/**
 * An open-addressing hash map from 32-bit unsigned keys to non-negative ints,
 * in typed arrays: Han character pairs (first << 16 | second) are looked up
 * for every character indexed, and a Map with keys above 2^30 would box them.
 */
export class IntMap {
  private keys: Uint32Array;
  private values: Int32Array;
  private mask: number;
  /** Fibonacci hashing keeps the high bits of key * golden ratio. */
  private shift: number;
  size = 0;

  /** capacity: a power of two. */
  constructor(capacity = 1 << 12) {
    this.keys = new Uint32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /** The value of a key, or -1. */
  get(key: number): number {
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const value = this.values[slot]!;
      if (value < 0 || this.keys[slot] === key) return value;
      slot = (slot + 1) & this.mask;
    }
  }

  set(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.values[slot]! >= 0 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    if (this.values[slot]! < 0) this.size++;
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2).fill(-1);
    this.mask = keys.length * 2 - 1;
    this.shift = 32 - Math.log2(keys.length * 2);
    this.size = 0;
    for (let slot = 0; slot < keys.length; slot++) if (values[slot]! >= 0) this.set(keys[slot]!, values[slot]!);
  }
}
