/**
 * Which language to answer in. A language the user chose explicitly
 * (`lang zh`) wins; otherwise the language the message is written in; then
 * the platform's locale for the user; then the tenant's default.
 */
import type { Lang } from '../../knowledge/types.js';

export function langFromLocale(locale: string | null | undefined): Lang | undefined {
  if (!locale) return undefined;
  const lower = locale.toLowerCase().replace('_', '-');
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

export function chooseReplyLanguage(input: {
  chosen: Lang | null;
  messageLang: Lang | undefined;
  platformLocale: string | null | undefined;
  tenantDefault: string;
}): Lang {
  return (
    input.chosen ??
    input.messageLang ??
    langFromLocale(input.platformLocale) ??
    langFromLocale(input.tenantDefault) ??
    'en'
  );
}
