/**
 * Chinese numerals in a question ("三百六", "二十五") as Arabic digits:
 * articles write numbers in digits ("360 度反馈", "30 天"), people often type
 * them in characters. Only runs with a place value (百, 千, or a digit next to
 * 十) are read, so words like 十分 ("very") or 一下 are left alone.
 */
const DIGITS = new Map([...'零〇一二两三四五六七八九'].map((char, i) => [char, [0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9][i]!]));
const UNITS = new Map([['十', 10], ['百', 100], ['千', 1000]]);
const NUMERAL_RUN = /[零〇一二两三四五六七八九十百千]{2,}/g;

/** Numbers written in Chinese numerals in a Han run. */
export function hanNumbers(run: string): number[] {
  const numbers: number[] = [];
  for (const [text] of run.matchAll(NUMERAL_RUN)) {
    if (!/[百千]|[一二两三四五六七八九]十|十[一二三四五六七八九]/.test(text)) continue;
    const value = hanNumber(text);
    if (value !== undefined) numbers.push(value);
  }
  return numbers;
}

function hanNumber(text: string): number | undefined {
  let total = 0;
  let pending = -1;
  let lastUnit = 0;
  for (const char of text) {
    const unit = UNITS.get(char);
    if (unit === undefined) {
      const digit = DIGITS.get(char)!;
      if (digit === 0) {
        pending = -1;
        lastUnit = 10; // 一百零五: what follows 零 is the units digit
        continue;
      }
      if (pending >= 0) return undefined; // 三六: not one number
      pending = digit;
      continue;
    }
    if (lastUnit !== 0 && unit >= lastUnit) return undefined; // 百百, 十百
    total += (pending < 0 ? 1 : pending) * unit;
    lastUnit = unit;
    pending = -1;
  }
  // 三百六 is 360 (a trailing digit counts in the next place down), 二十五 is 25.
  if (pending >= 0) total += lastUnit >= 100 ? (pending * lastUnit) / 10 : pending;
  return total;
}
