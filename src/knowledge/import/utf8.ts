/**
 * Strict UTF-8 decoding: invalid byte sequences are an error (with the line
 * they are on), never silently replaced by U+FFFD.
 */
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type DecodeResult = { ok: true; text: string } | { ok: false; line: number };

export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: strictDecoder.decode(bytes) };
  } catch {
    return { ok: false, line: lineOfFirstInvalidByte(bytes) };
  }
}

/** 1-based line of the first byte that does not start or continue a valid UTF-8 sequence. */
function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (byte === 0x0a) line++;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return line;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return line;
    }
    if (length > 1) {
      try {
        strictDecoder.decode(bytes.subarray(i, i + length));
      } catch {
        return line; // overlong form or surrogate
      }
    }
    i += length;
  }
  return line;
}
