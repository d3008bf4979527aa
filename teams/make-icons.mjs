// `node teams/make-icons.mjs`: draws the two icons Teams requires and writes
// them next to this file (committed; re-run only to change the design).
//   color.png   192×192, the Hypercare "H" in white on the accent colour
//   outline.png  32×32,  the same "H" in white on transparent
// A tiny PNG encoder (RGBA, filter 0, zlib) so no image dependency is needed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const ACCENT = [0x2b, 0x6c, 0xb0, 0xff];
const WHITE = [0xff, 0xff, 0xff, 0xff];
const CLEAR = [0, 0, 0, 0];

/** The letter H as three bars, in units of the icon's size. */
function isLetter(x, y, size) {
  const u = (v) => v * size;
  const inVertical = (x0) => x >= u(x0) && x < u(x0 + 0.14) && y >= u(0.24) && y < u(0.76);
  const inBar = x >= u(0.3) && x < u(0.7) && y >= u(0.44) && y < u(0.56);
  return inVertical(0.28) || inVertical(0.58) || inBar;
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) Buffer.from(pixel(x, y)).copy(raw, y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync(path.join(here, 'color.png'), png(192, (x, y) => (isLetter(x, y, 192) ? WHITE : ACCENT)));
writeFileSync(path.join(here, 'outline.png'), png(32, (x, y) => (isLetter(x, y, 32) ? WHITE : CLEAR)));
console.log('wrote teams/color.png and teams/outline.png');
