/** Small text helpers the home sections share. */

/** One line of a list: a question or title squeezed to a readable length. */
export function clip(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function bullets(lines: string[]): string {
  return lines.map((l) => `• ${l}`).join('\n');
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
