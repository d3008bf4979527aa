/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits.
 * Prisma makes the same ids for `@default(uuid(7))`; rows inserted with raw
 * SQL (batched inserts) get theirs here, so ids stay time-ordered either way.
 */
import { randomFillSync } from 'node:crypto';

const bytes = new Uint8Array(16);

export function uuid7(now = Date.now()): string {
  randomFillSync(bytes);
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
