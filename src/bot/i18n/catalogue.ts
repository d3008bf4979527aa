/**
 * A feature's strings in both languages. The Chinese table is typed against
 * the English one, so a key missing in either language is a compile error.
 * Each feature keeps its own catalogue file (core.ts, escalations.ts, …) and
 * messages.ts joins them; keys are prefixed by feature so they never clash.
 */
import type { Lang } from '../../knowledge/types.js';

export type Catalogue<K extends string> = Record<Lang, Record<K, string>>;

export function catalogue<const E extends Record<string, string>>(en: E, zhCN: Record<keyof E & string, string>): Catalogue<keyof E & string> {
  return { en, 'zh-CN': zhCN };
}
