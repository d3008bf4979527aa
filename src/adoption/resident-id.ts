/**
 * Chinese resident identity numbers (GB 11643-1999): 6-digit area code,
 * 8-digit birth date (YYYYMMDD), 3-digit sequence and an ISO 7064 MOD 11-2
 * check character (0-9 or X). Rosters from Chinese HR systems carry them, and
 * a typo in one is the commonest sign that a spreadsheet row was mangled.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits (ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('residentIdCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Why the number is not a valid resident ID, or undefined when it is. */
export function residentIdProblem(value: string, today: Date = new Date()): string | undefined {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'resident ID must be 18 characters: 17 digits and a check digit or X';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!realDate || year < 1900 || birth.getTime() > today.getTime()) {
    return `resident ID holds an impossible birth date ${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  }
  const expected = residentIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) return `resident ID check digit is ${id[17]}, expected ${expected}: a digit is probably mistyped`;
  return undefined;
}
