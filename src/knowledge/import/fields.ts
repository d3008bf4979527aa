/**
 * Validation of the article fields that Markdown front matter and CSV
 * columns share: language, audience, tags, review date.
 * Each returns either a value or a plain-words problem message.
 */
import { AUDIENCES, type Audience, type Lang } from '../types.js';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

const LANG_ALIASES: ReadonlyMap<string, Lang> = new Map([
  ['en', 'en'], ['en-us', 'en'], ['en-gb', 'en'], ['en_us', 'en'], ['en_gb', 'en'],
  ['zh', 'zh-CN'], ['zh-cn', 'zh-CN'], ['zh_cn', 'zh-CN'], ['zh-hans', 'zh-CN'], ['zh-hans-cn', 'zh-CN'],
]);

/** Language tag as written by authors (`zh`, `zh_CN`, `ZH-cn`…) → Lang. */
export function parseLang(value: unknown): FieldResult<Lang> {
  const text = typeof value === 'string' ? value.trim() : '';
  const lang = LANG_ALIASES.get(text.toLowerCase());
  if (lang !== undefined) return { ok: true, value: lang };
  return { ok: false, message: `unknown language "${String(value)}" (use en or zh-CN)` };
}

/** Language of a folder name (`en`, `zh`, `zh-CN`, `zh_cn`), or undefined for other folders. */
export function langOfFolder(name: string): Lang | undefined {
  return LANG_ALIASES.get(name.toLowerCase());
}

/** A list given as a YAML list or a comma/semicolon-separated string. */
export function parseList(value: unknown, field: string): FieldResult<string[]> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  const items: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;|，；]/) : [value];
  const result: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number') {
      return { ok: false, message: `${field} must be a list of words or a comma-separated text` };
    }
    const text = String(item).trim();
    if (text.length > 0 && !result.includes(text)) result.push(text);
  }
  return { ok: true, value: result };
}

export function parseAudience(value: unknown): FieldResult<Audience[]> {
  const list = parseList(value, 'audience');
  if (!list.ok) return list;
  if (list.value.length === 0) return { ok: true, value: ['all'] };
  const audience: Audience[] = [];
  for (const item of list.value) {
    const normalized = item.toLowerCase();
    const known = AUDIENCES.find((candidate) => candidate === normalized);
    if (known === undefined) {
      return { ok: false, message: `audience "${item}" is not one of ${AUDIENCES.join(', ')}` };
    }
    audience.push(known);
  }
  return { ok: true, value: audience };
}

/** A calendar date YYYY-MM-DD that exists (2025-02-30 does not), as UTC midnight. */
export function parseReviewDate(value: unknown, field: string): FieldResult<Date> {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return { ok: true, value };
  const text = typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const bad: FieldResult<Date> = { ok: false, message: `${field} "${String(value)}" is not a date written YYYY-MM-DD` };
  if (match === null) return bad;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, message: `${field} "${text}" is not a real calendar date` };
  }
  return { ok: true, value: date };
}
