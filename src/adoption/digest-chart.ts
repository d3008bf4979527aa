/**
 * The digest's picture: weekly active users of the system (bars) and
 * coverage (line, 0-100 %) over the last weeks. It carries no text, so it
 * needs no font and reads the same in every language; the numbers are in the
 * message beside it and in the image's alt text.
 */
import { Bitmap, type Rgb } from './png.js';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 320;
/** The plot area inside the frame, in pixels. */
export const PLOT = { left: 32, top: 16, right: CHART_WIDTH - 32, bottom: CHART_HEIGHT - 24 } as const;

const WHITE: Rgb = [255, 255, 255];
const FRAME: Rgb = [190, 190, 200];
const GRID: Rgb = [232, 232, 238];
const BAR: Rgb = [74, 144, 226];
const ROSTER: Rgb = [214, 228, 246];
const LINE: Rgb = [236, 120, 40];

export interface ChartPoint {
  activeUsers: number;
  rostered: number;
  /** 0…1, or null when nobody is rostered. */
  coverage: number | null;
}

export function renderAdoptionChart(points: readonly ChartPoint[]): Buffer {
  const image = new Bitmap(CHART_WIDTH, CHART_HEIGHT, WHITE);
  const width = PLOT.right - PLOT.left;
  const height = PLOT.bottom - PLOT.top;
  // Grid at 25 %, 50 %, 75 % of the height: the coverage scale.
  for (const share of [0.25, 0.5, 0.75]) {
    const y = PLOT.bottom - share * height;
    image.line(PLOT.left, y, PLOT.right, y, GRID);
  }
  const scale = Math.max(1, ...points.map((p) => Math.max(p.rostered, p.activeUsers)));
  const slot = width / Math.max(points.length, 1);
  const barWidth = Math.max(2, Math.floor(slot * 0.6));
  const centres = points.map((_, i) => PLOT.left + slot * (i + 0.5));
  points.forEach((p, i) => {
    const x = centres[i]! - barWidth / 2;
    // A pale bar for the roster behind the active users shows the gap at a glance.
    const rosterHeight = (p.rostered / scale) * height;
    image.fillRect(x, PLOT.bottom - rosterHeight, barWidth, rosterHeight, ROSTER);
    const activeHeight = (p.activeUsers / scale) * height;
    image.fillRect(x, PLOT.bottom - activeHeight, barWidth, activeHeight, BAR);
  });
  let previous: { x: number; y: number } | undefined;
  points.forEach((p, i) => {
    if (p.coverage === null) {
      previous = undefined;
      return;
    }
    const point = { x: centres[i]!, y: PLOT.bottom - Math.min(1, Math.max(0, p.coverage)) * height };
    if (previous) image.line(previous.x, previous.y, point.x, point.y, LINE, 3);
    image.fillRect(point.x - 3, point.y - 3, 7, 7, LINE);
    previous = point;
  });
  image.line(PLOT.left, PLOT.top, PLOT.left, PLOT.bottom, FRAME);
  image.line(PLOT.left, PLOT.bottom, PLOT.right, PLOT.bottom, FRAME);
  return image.toPng();
}
