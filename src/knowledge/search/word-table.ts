/**
 * A hash map from words to ints that looks words up in place, by position in
 * a larger text, so indexing does not allocate a string per word it reads
 * (only per new word). Open addressing, FNV-1a hashes, power-of-two capacity.
 */
export class WordTable {
  private words: (string | undefined)[];
  private hashes: Int32Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 12) {
    this.words = new Array<string | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The value of text[start..end), or undefined. */
  get(text: string, start: number, end: number): number | undefined {
    const hash = hashOf(text, start, end);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const word = this.words[slot];
      if (word === undefined) return undefined;
      if (this.hashes[slot] === hash && sameWord(word, text, start, end)) return this.values[slot];
    }
  }

  set(word: string, value: number): void {
    if ((this.size + 1) * 2 > this.words.length) this.grow();
    const hash = hashOf(word, 0, word.length);
    let slot = hash & this.mask;
    for (; this.words[slot] !== undefined; slot = (slot + 1) & this.mask) {
      if (this.hashes[slot] === hash && this.words[slot] === word) {
        this.values[slot] = value;
        return;
      }
    }
    this.words[slot] = word;
    this.hashes[slot] = hash;
    this.values[slot] = value;
    this.size++;
  }

  private grow(): void {
    const { words, values } = this;
    const capacity = words.length * 2;
    this.words = new Array<string | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let slot = 0; slot < words.length; slot++) {
      const word = words[slot];
      if (word !== undefined) this.set(word, values[slot]!);
    }
  }
}

function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

function sameWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
