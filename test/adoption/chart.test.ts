/**
 * The picture test: the digest chart is a valid PNG (signature, chunk CRCs,
 * IHDR, a zlib stream that inflates to exactly one filter byte plus RGB per
 * row) of the expected size, with something drawn inside the plot area.
 * Decoding here is written independently of the encoder.
 */
import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, PLOT, renderAdoptionChart } from '../../src/adoption/digest-chart.js';

interface Decoded {
  width: number;
  height: number;
  chunks: string[];
  pixel(x: number, y: number): [number, number, number];
}

function decodePng(png: Buffer): Decoded {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(zlibCrc32(png.subarray(at + 4, at + 8 + length)));
    chunks.push(type);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  expect(header).toBeDefined();
  const width = header!.readUInt32BE(0);
  const height = header!.readUInt32BE(4);
  expect([header![8], header![9], header![10], header![11], header![12]]).toEqual([8, 2, 0, 0, 0]);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3 + 1;
  expect(raw.length).toBe(stride * height);
  for (let y = 0; y < height; y++) expect(raw[y * stride]).toBe(0);
  return {
    width,
    height,
    chunks,
    pixel: (x, y) => [raw[y * stride + 1 + x * 3]!, raw[y * stride + 2 + x * 3]!, raw[y * stride + 3 + x * 3]!],
  };
}

function coloured(image: Decoded, x0: number, y0: number, x1: number, y1: number): number {
  let count = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (image.pixel(x, y).join() !== '255,255,255') count++;
  return count;
}

const weeks = [
  { activeUsers: 10, rostered: 100, coverage: 0.1 },
  { activeUsers: 20, rostered: 100, coverage: 0.2 },
  { activeUsers: 35, rostered: 100, coverage: 0.35 },
  { activeUsers: 50, rostered: 100, coverage: 0.5 },
  { activeUsers: 55, rostered: 100, coverage: 0.55 },
  { activeUsers: 61, rostered: 100, coverage: 0.61 },
  { activeUsers: 70, rostered: 100, coverage: 0.7 },
  { activeUsers: 72, rostered: 100, coverage: 0.72 },
];

describe('digest chart', () => {
  it('is a valid PNG of the expected size with a non-empty plot area', () => {
    const image = decodePng(renderAdoptionChart(weeks));
    expect([image.width, image.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(image.chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
    const plotPixels = (PLOT.right - PLOT.left) * (PLOT.bottom - PLOT.top);
    // Bars reach 72 % of the plot height in 60 % of each slot: a good share of the plot is drawn on.
    expect(coloured(image, PLOT.left + 1, PLOT.top, PLOT.right, PLOT.bottom)).toBeGreaterThan(plotPixels * 0.3);
    // The margins outside the frame stay blank.
    expect(coloured(image, 0, 0, CHART_WIDTH, PLOT.top - 4)).toBe(0);
  });

  it('draws higher bars for more active users', () => {
    const image = decodePng(renderAdoptionChart(weeks));
    const slot = (PLOT.right - PLOT.left) / weeks.length;
    const barTop = (i: number) => {
      const x = Math.round(PLOT.left + slot * (i + 0.5));
      for (let y = PLOT.top; y < PLOT.bottom; y++) if (image.pixel(x, y).join() === '74,144,226') return y;
      return PLOT.bottom;
    };
    expect(barTop(0)).toBeGreaterThan(barTop(3));
    expect(barTop(3)).toBeGreaterThan(barTop(7));
  });

  it('draws an empty frame, not an error, for a tenant without a roster', () => {
    const image = decodePng(renderAdoptionChart(Array.from({ length: 8 }, () => ({ activeUsers: 0, rostered: 0, coverage: null }))));
    expect(image.width).toBe(CHART_WIDTH);
  });
});
