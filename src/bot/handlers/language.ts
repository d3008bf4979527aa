/**
 * "lang zh" / "lang en" / "lang auto" (and 语言 中文, 切换到英文 …): the
 * user's explicit choice of reply language, kept on their profile.
 */
import type { Lang } from '../../knowledge/types.js';
import type { Handler } from '../core/handler.js';
import { textReply } from '../core/replies.js';

const CHOICES: Record<string, Lang | 'auto'> = {
  zh: 'zh-CN', 'zh-cn': 'zh-CN', cn: 'zh-CN', chinese: 'zh-CN', 中文: 'zh-CN', 汉语: 'zh-CN',
  en: 'en', english: 'en', 英文: 'en', 英语: 'en',
  auto: 'auto', 自动: 'auto',
};

const PATTERN = /^(?:\/?lang(?:uage)?|语言|切换到|切换语言|switch to)\s*[:：]?\s*(\S+)$/iu;

export function parseLanguageCommand(text: string): Lang | 'auto' | undefined {
  const match = PATTERN.exec(text.trim());
  return match ? CHOICES[match[1]!.toLowerCase()] : undefined;
}

export const languageHandler: Handler = {
  name: 'language',
  matches: (msg, text) => !msg.action && parseLanguageCommand(text) !== undefined,
  async handle({ text, tenant, user, services, lang }) {
    const choice = parseLanguageCommand(text) ?? 'auto';
    await services.users.setLocale(tenant.id, user.id, choice === 'auto' ? null : choice);
    return [choice === 'auto' ? textReply(lang, 'language.auto') : textReply(choice, 'language.set')];
  },
};
