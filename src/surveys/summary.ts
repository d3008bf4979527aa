/** The owner's results summary as a chat message, and the same figures as CSV. */
import type { Lang } from '../knowledge/types.js';
import type { Block, OutgoingMessage } from '../bot/core/types.js';
import { t } from '../bot/i18n/messages.js';
import type { SurveyDefinition } from './definition-schema.js';
import type { Breakdown, GroupQuestionResult, QuestionResult, SurveyResults } from './results.js';
import { closeDate, localized } from './form.js';

const SHOWN_COMMENTS = 20;

export interface SummaryInput {
  survey: SurveyDefinition;
  runKey: string;
  closesAt: Date;
  tz: string;
  results: SurveyResults;
  lang: Lang;
}

export function resultsMessage({ survey, runKey, closesAt, tz, results, lang }: SummaryInput): OutgoingMessage {
  const title = t(lang, 'survey.results.title', { title: localized(survey.title, lang) });
  const rate = results.responseRate === null ? '–' : `${Math.round(results.responseRate * 1000) / 10}%`;
  const head = [
    t(lang, 'survey.results.run', { run: runKey, date: closeDate(closesAt, tz) }),
    t(lang, 'survey.results.responses', { responded: results.responded, invited: results.invited, rate }),
  ];
  const blocks: Block[] = [{ kind: 'heading', text: title }, { kind: 'text', text: head.join('\n') }, { kind: 'divider' }];
  const questionLines = results.questions.map((r, i) => {
    const q = survey.questions[i]!;
    return `${i + 1}. ${localized(q.title, lang)}\n   ${questionLine(r, survey, lang)}`;
  });
  blocks.push({ kind: 'text', text: questionLines.join('\n') });
  for (const [label, breakdown] of [[t(lang, 'survey.results.byDepartment'), results.byDepartment], [t(lang, 'survey.results.byWave'), results.byWave]] as const) {
    const lines = breakdownLines(breakdown, survey, lang);
    if (lines.length > 0) blocks.push({ kind: 'text', text: `${label}\n${lines.join('\n')}` });
  }
  blocks.push({ kind: 'text', text: t(lang, 'survey.results.export', { key: survey.key, run: runKey }) });
  return { lang, text: `${title}\n${head.join('\n')}`, blocks };
}

function questionLine(r: QuestionResult | GroupQuestionResult, survey: SurveyDefinition, lang: Lang): string {
  if ('withheld' in r) return `${r.answered} (–)`;
  if (r.answered === 0) return t(lang, 'survey.results.noAnswers');
  switch (r.type) {
    case 'rating':
      return t(lang, 'survey.results.average', { average: r.average ?? '–', answered: r.answered, distribution: r.distribution.map((d) => `${d.value}:${d.count}`).join(' ') });
    case 'nps':
      return t(lang, 'survey.results.nps', { nps: r.nps ?? '–', promoters: r.promoters, passives: r.passives, detractors: r.detractors, answered: r.answered });
    case 'single_choice':
    case 'multiple_choice': {
      const q = survey.questions.find((x) => x.id === r.id);
      const label = (id: string) => (q && 'options' in q ? (q.options.find((o) => o.id === id)?.label[lang] ?? id) : id);
      return r.options.map((o) => `${label(o.id)} ${o.count} (${Math.round(o.share * 100)}%)`).join(' · ');
    }
    case 'text': {
      const shown = r.answers.slice(0, SHOWN_COMMENTS).map((a) => `   • ${a}`);
      return `${t(lang, 'survey.results.freeText', { answered: r.answered })}\n${shown.join('\n')}`;
    }
  }
}

function breakdownLines(breakdown: Breakdown, survey: SurveyDefinition, lang: Lang): string[] {
  const lines = breakdown.groups.map((g) => {
    const head = t(lang, 'survey.results.group', { label: g.label ?? t(lang, 'survey.results.noGroup'), responded: g.responded });
    const qs = g.questions.map((r) => `   ${r.id}: ${questionLine(r, survey, lang)}`);
    return [`• ${head}`, ...qs].join('\n');
  });
  if (breakdown.withheldGroups > 0) lines.push(t(lang, 'survey.results.withheld', { count: breakdown.withheldGroups }));
  return lines;
}

/** One row per figure: scope (all / department / wave), group, question, measure, value. Free text only for all. */
export function resultsCsv(results: SurveyResults): string {
  const rows: (string | number | null)[][] = [['scope', 'group', 'question', 'measure', 'value']];
  rows.push(['all', '', '', 'invited', results.invited], ['all', '', '', 'responded', results.responded], ['all', '', '', 'response_rate', results.responseRate]);
  const figures = (scope: string, group: string, r: QuestionResult | GroupQuestionResult) => {
    rows.push([scope, group, r.id, 'answered', r.answered]);
    if ('withheld' in r) return;
    if (r.type === 'rating' || r.type === 'nps') {
      rows.push([scope, group, r.id, 'average', r.average]);
      for (const d of r.distribution) rows.push([scope, group, r.id, `count_${d.value}`, d.count]);
      if (r.type === 'nps') rows.push([scope, group, r.id, 'nps', r.nps]);
    } else if (r.type === 'single_choice' || r.type === 'multiple_choice') {
      for (const o of r.options) rows.push([scope, group, r.id, `count_${o.id}`, o.count]);
    } else if (r.type === 'text') {
      for (const answer of r.answers) rows.push([scope, group, r.id, 'text', answer]);
    }
  };
  for (const r of results.questions) figures('all', '', r);
  for (const [scope, breakdown] of [['department', results.byDepartment], ['wave', results.byWave]] as const) {
    for (const g of breakdown.groups) {
      rows.push([scope, g.label ?? '', '', 'responded', g.responded]);
      for (const r of g.questions) figures(scope, g.label ?? '', r);
    }
    if (breakdown.withheldGroups > 0) rows.push([scope, '', '', 'withheld_groups', breakdown.withheldGroups]);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
