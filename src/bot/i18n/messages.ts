/**
 * Every user-facing string, in English and Simplified Chinese, joined from
 * the features' catalogues. Placeholders are `{name}`. A feature adds its
 * catalogue file next to core.ts and one entry to `catalogues` below.
 */
import type { Lang } from '../../knowledge/types.js';
import type { Catalogue } from './catalogue.js';
import { coreMessages } from './core.js';
import { escalationSlaMessages } from './escalation-sla.js';
import { surveyMessages } from './surveys.js';
import { digestMessages } from './digest.js';
import { championMessages } from './champions.js';
import { escalationMessages } from './escalations.js';

const catalogues = [coreMessages, escalationSlaMessages, surveyMessages, digestMessages, championMessages, escalationMessages] as const;

type KeysOf<C> = C extends Catalogue<infer K> ? K : never;
export type MessageKey = KeysOf<(typeof catalogues)[number]>;

const tables = joinCatalogues(catalogues);

function joinCatalogues(list: readonly Catalogue<string>[]): Record<Lang, Record<string, string>> {
  const joined: Record<Lang, Record<string, string>> = { en: {}, 'zh-CN': {} };
  for (const c of list) {
    for (const key of Object.keys(c.en)) {
      if (key in joined.en) throw new Error(`message key "${key}" is defined by two catalogues`);
    }
    Object.assign(joined.en, c.en);
    Object.assign(joined['zh-CN'], c['zh-CN']);
  }
  return joined;
}

/** The message for `key` in `lang`, with `{placeholders}` filled in. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = tables[lang][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function allMessageKeys(): MessageKey[] {
  return Object.keys(tables.en) as MessageKey[];
}
