/**
 * Teams-only user-facing strings (the welcome when the bot is added), in
 * English and Simplified Chinese. Same pattern as src/bot/i18n/messages.ts:
 * the zh-CN table is typed against the English one, so a missing key fails
 * to compile.
 */
import type { Lang } from '../../knowledge/types.js';

const en = {
  'welcome.title': 'Hi, I am Hypercare, the rollout assistant',
  'welcome.personal':
    'Ask me how to do something in the new system, in English or Chinese, and I will answer from the rollout team\'s knowledge base with a link to the source. For example:\n\n- How do I submit an expense claim?\n- 怎么请假？\n- Where can I export a report to Excel?',
  'welcome.team':
    'Thanks for adding me to this team. Mention me (@Hypercare) with a how-to question about the new system, in English or Chinese, and I will answer in the thread with a link to the source. You can also chat with me privately.',
  'welcome.commands': 'Commands: **help**, **lang en**, **lang zh**, **lang auto**, **stats**.',
  'card.feedbackRecorded': 'Feedback recorded',
} as const;

export type TeamsStringKey = keyof typeof en;

const zhCN: Record<TeamsStringKey, string> = {
  'welcome.title': '你好，我是上线助手 Hypercare',
  'welcome.personal':
    '用中文或英文问我新系统里怎么操作，我会从上线团队的知识库里找到答案并附上出处链接。例如：\n\n- 怎么提交报销单？\n- How do I request leave?\n- 报表怎么导出到 Excel？',
  'welcome.team':
    '感谢把我加入这个团队。在频道里 @Hypercare 并提出关于新系统的操作问题（中文或英文都可以），我会在该话题中回答并附上出处链接。你也可以和我私聊。',
  'welcome.commands': '命令：**帮助**、**lang zh**（中文）、**lang en**（英文）、**lang auto**（跟随消息语言）、**stats**。',
  'card.feedbackRecorded': '已记录反馈',
};

const tables: Record<Lang, Record<TeamsStringKey, string>> = { en, 'zh-CN': zhCN };

export function teamsText(lang: Lang, key: TeamsStringKey): string {
  return tables[lang][key];
}

export function allTeamsStringKeys(): TeamsStringKey[] {
  return Object.keys(en) as TeamsStringKey[];
}
