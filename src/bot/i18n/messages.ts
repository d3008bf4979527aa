/**
 * Every user-facing string, in English and Simplified Chinese. The `zh-CN`
 * table is typed against the English one, so a key missing in either
 * language is a compile error. Placeholders are `{name}`.
 */
import type { Lang } from '../../knowledge/types.js';

const en = {
  'help.title': 'Hi, I am Hypercare, the rollout assistant',
  'help.body':
    'Ask me how to do something in the new system, in English or Chinese, and I will answer from the rollout team\'s knowledge base with the source. Try:\n• How do I submit an expense claim?\n• 怎么请假？\n• Where can I export a report to Excel?',
  'help.commands': 'Commands: `help`, `stats` (your numbers), `lang en`, `lang zh`, `lang auto` (follow the language of each message).',
  'answer.source': 'Source',
  'answer.related': 'Related articles',
  'answer.didItHelp': 'Did this help?',
  'answer.yes': 'Yes',
  'answer.no': 'No',
  'answer.otherLanguage': 'This article is not yet available in English; here is the Chinese version.',
  'unknown.title': 'I don\'t know the answer to that yet',
  'unknown.body':
    'I could not find it in the knowledge base, so I have noted your question for the rollout team. You can try asking with other words (which screen, what you clicked, any error message).',
  'unknown.maybe': 'These might be related',
  'feedback.yes': 'Glad it helped! I will remember that this answers your question.',
  'feedback.no':
    'Sorry that did not help. Try asking again with more detail: which screen you are on, what you clicked and any error message.',
  'feedback.stale': 'I cannot find that answer any more; please ask your question again.',
  'feedback.notYours': 'Only the person who asked can rate this answer.',
  'language.set': 'OK, I will answer in English from now on.',
  'language.auto': 'OK, I will answer in the language of each message.',
  'input.empty': 'Ask me a question about the new system, for example: "How do I request leave?"',
  'input.noText': 'I can only read text. Ask me a question about the new system, for example: "How do I request leave?"',
  'input.tooLong':
    'Your message is {length} characters long; I read at most {max}. Please send just the question.',
  'error.generic': 'Sorry, something went wrong on my side (code: {code}). Please try again in a minute.',
  'error.unknownAction': 'That button is no longer active. Please ask your question again.',
  'stats.title': 'Your Hypercare numbers',
  'stats.asked': 'Questions asked',
  'stats.answered': 'Answered from the knowledge base',
  'stats.helpful': 'Rated helpful',
  'stats.helpfulValue': '{percent}% ({helpful} of {rated} rated)',
  'stats.notRated': 'no ratings yet',
  'stats.none': 'You have not asked anything yet. Ask me how to do something in the new system!',
  'home.title': 'Hypercare: your rollout assistant',
  'home.intro': 'Send me a message here, mention me in a channel or use `/ask` with your question. `/hypercare help` lists the commands.',
  'home.recent': 'Your recent questions',
  'home.noQuestions': 'No questions yet.',
  'home.answered': 'answered',
  'home.unanswered': 'noted for the rollout team',
  'home.escalated': 'with an engineer',
  'home.escalations': 'Open requests to an engineer',
  'home.escalationLine': '“{question}”: {status} since {date}',
  'home.escalationOpen': 'waiting for an engineer',
  'home.escalationClaimed': 'an engineer is on it',
  'home.surveys': 'Surveys waiting for you',
  'home.surveyLine': 'Survey “{name}”, open until {date}',
  'home.nothingPending': 'Nothing waiting for you.',
  'home.adoption': 'Adoption snapshot (managers)',
  'home.adoptionSoon': 'Adoption figures for your teams will appear here.',
  'welcome.personal':
    'Ask me how to do something in the new system, in English or Chinese, and I will answer from the rollout team\'s knowledge base with a link to the source. For example:\n\n- How do I submit an expense claim?\n- 怎么请假？\n- Where can I export a report to Excel?',
  'welcome.team':
    'Thanks for adding me to this team. Mention me (@Hypercare) with a how-to question about the new system, in English or Chinese, and I will answer in the thread with a link to the source. You can also chat with me privately.',
  'welcome.commands': 'Commands: **help**, **lang en**, **lang zh**, **lang auto**, **stats**.',
} as const;

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  'help.title': '你好，我是上线助手 Hypercare',
  'help.body':
    '用中文或英文问我新系统里怎么操作，我会从上线团队的知识库里找到答案并附上出处。试试：\n• 怎么提交报销单？\n• How do I request leave?\n• 报表怎么导出到 Excel？',
  'help.commands': '命令：`帮助`、`统计`（你的使用数据）、`lang zh`（中文）、`lang en`（英文）、`lang auto`（跟随每条消息的语言）。',
  'answer.source': '出处',
  'answer.related': '相关文章',
  'answer.didItHelp': '这个回答有帮助吗？',
  'answer.yes': '有帮助',
  'answer.no': '没帮助',
  'answer.otherLanguage': '这篇文章还没有中文版，以下是英文原文。',
  'unknown.title': '这个问题我暂时还答不上来',
  'unknown.body':
    '知识库里没有找到答案，我已经把你的问题记录下来交给上线团队。你也可以换个说法再问一次（在哪个页面、点了什么、出现了什么报错）。',
  'unknown.maybe': '可能相关的文章',
  'feedback.yes': '太好了！我会记住这篇文章能回答你的问题。',
  'feedback.no': '抱歉没能帮上忙。可以补充更多细节再问一次：在哪个页面、点了什么、出现了什么报错。',
  'feedback.stale': '找不到这条回答了，请重新提问。',
  'feedback.notYours': '只有提问的人才能评价这条回答。',
  'language.set': '好的，以后我会用中文回答。',
  'language.auto': '好的，我会用每条消息的语言来回答。',
  'input.empty': '请问我一个关于新系统的问题，例如："怎么请假？"',
  'input.noText': '我只能读文字。请问我一个关于新系统的问题，例如："怎么请假？"',
  'input.tooLong': '你的消息有 {length} 个字符，我最多只能读 {max} 个。请只发送问题本身。',
  'error.generic': '抱歉，我这边出了点问题（错误代码：{code}）。请稍后再试。',
  'error.unknownAction': '这个按钮已经失效了，请重新提问。',
  'stats.title': '你的 Hypercare 使用数据',
  'stats.asked': '提问次数',
  'stats.answered': '知识库已解答',
  'stats.helpful': '评价为有帮助',
  'stats.helpfulValue': '{percent}%（已评价 {rated} 条中的 {helpful} 条）',
  'stats.notRated': '还没有评价',
  'stats.none': '你还没有提过问题。问问我新系统里怎么操作吧！',
  'home.title': 'Hypercare：你的上线助手',
  'home.intro': '在这里给我发消息、在频道里 @我，或者用 `/ask` 加上你的问题。`/hypercare 帮助` 查看全部命令。',
  'home.recent': '你最近的问题',
  'home.noQuestions': '还没有提问。',
  'home.answered': '已解答',
  'home.unanswered': '已记录，交给上线团队',
  'home.escalated': '已转给工程师',
  'home.escalations': '正在处理的工程师求助',
  'home.escalationLine': '“{question}”：{status}（{date} 起）',
  'home.escalationOpen': '等待工程师认领',
  'home.escalationClaimed': '工程师正在处理',
  'home.surveys': '待填写的问卷',
  'home.surveyLine': '问卷“{name}”，{date} 截止',
  'home.nothingPending': '没有待办事项。',
  'home.adoption': '使用情况概览（经理）',
  'home.adoptionSoon': '你团队的使用数据将显示在这里。',
  'welcome.personal':
    '用中文或英文问我新系统里怎么操作，我会从上线团队的知识库里找到答案并附上出处链接。例如：\n\n- 怎么提交报销单？\n- How do I request leave?\n- 报表怎么导出到 Excel？',
  'welcome.team':
    '感谢把我加入这个团队。在频道里 @Hypercare 并提出关于新系统的操作问题（中文或英文都可以），我会在该话题中回答并附上出处链接。你也可以和我私聊。',
  'welcome.commands': '命令：**帮助**、**lang zh**（中文）、**lang en**（英文）、**lang auto**（跟随消息语言）、**stats**。',
};

const tables: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** The message for `key` in `lang`, with `{placeholders}` filled in. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = tables[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

export function allMessageKeys(): MessageKey[] {
  return Object.keys(en) as MessageKey[];
}
