/**
 * A postings list: (document slot, term frequency) pairs in increasing slot
 * order, stored as varint-encoded slot deltas and frequencies in one growable
 * byte array (about 2 bytes per posting instead of 8-16 for plain arrays).
 * New documents always get higher slots, so appending keeps the order.
 */
export class PostingList {
  bytes: Uint8Array;
  /** Bytes in use. */
  size = 0;
  count = 0;
  lastDoc = -1;

  constructor(capacity = 8) {
    this.bytes = new Uint8Array(capacity);
  }

  append(doc: number, tf: number): void {
    if (this.size + 10 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(16, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.size));
      this.bytes = grown;
    }
    this.size = writeVarint(this.bytes, this.size, doc - this.lastDoc);
    this.size = writeVarint(this.bytes, this.size, tf);
    this.lastDoc = doc;
    this.count++;
  }

  /** Keeps only the postings whose slot maps to a new slot (>= 0), renumbered. */
  compact(newSlotOf: Int32Array): void {
    const old = this.bytes.subarray(0, this.size);
    const bytes = this.bytes;
    this.bytes = new Uint8Array(Math.max(8, this.size));
    this.size = 0;
    this.count = 0;
    this.lastDoc = -1;
    let pos = 0;
    let doc = -1;
    while (pos < old.length) {
      let byte = bytes[pos++]!;
      let delta = byte & 127;
      for (let shift = 7; byte & 128; shift += 7) {
        byte = bytes[pos++]!;
        delta |= (byte & 127) << shift;
      }
      doc += delta;
      byte = bytes[pos++]!;
      let tf = byte & 127;
      for (let shift = 7; byte & 128; shift += 7) {
        byte = bytes[pos++]!;
        tf |= (byte & 127) << shift;
      }
      const slot = newSlotOf[doc] ?? -1;
      if (slot >= 0) this.append(slot, tf);
    }
  }
}

function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  let pos = at;
  let rest = value;
  while (rest >= 128) {
    bytes[pos++] = (rest & 127) | 128;
    rest >>>= 7;
  }
  bytes[pos++] = rest;
  return pos;
}
