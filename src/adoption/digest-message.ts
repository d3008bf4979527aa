/**
 * A digest as a platform-neutral OutgoingMessage in the recipient's language:
 * Slack renders it as Block Kit (the chart as an image block), Teams as an
 * Adaptive Card (an Image element), the local channel as text. Names and
 * question texts go in raw; every renderer escapes them for its platform.
 */
import type { Lang } from '../knowledge/types.js';
import type { Block, OutgoingMessage } from '../bot/core/types.js';
import { t } from '../bot/i18n/messages.js';
import type { DigestData } from './digest-data.js';
import type { WeekFigures } from './metrics.js';

export function digestMessage(data: DigestData, chartUrl?: string): OutgoingMessage {
  const lang = data.recipient.lang;
  const { current, previous } = data.total;
  const departmentNames = new Map(data.departments.map((d) => [d.id, d.name]));
  const blocks: Block[] = [
    { kind: 'heading', text: t(lang, 'digest.title', { week: data.week.label }) },
    {
      kind: 'text',
      text:
        data.recipient.kind === 'sponsor'
          ? t(lang, 'digest.intro.sponsor', { count: data.departments.length })
          : t(lang, 'digest.intro.manager', { departments: data.departments.map((d) => d.name).join(', ') }),
    },
    { kind: 'fields', fields: headlineFields(lang, current, previous) },
  ];
  if (chartUrl) {
    blocks.push({ kind: 'image', url: chartUrl, alt: chartAlt(data) }, { kind: 'text', text: t(lang, 'digest.chartCaption') });
  }
  for (const d of data.departments) {
    blocks.push({ kind: 'divider' }, { kind: 'text', text: t(lang, 'digest.department', { name: d.name }) });
    blocks.push({ kind: 'fields', fields: [...headlineFields(lang, d.current, d.previous), ...detailFields(lang, d.current)] });
  }
  blocks.push({ kind: 'divider' }, { kind: 'heading', text: t(lang, 'digest.gaps') });
  blocks.push({
    kind: 'text',
    text: data.gaps.length
      ? data.gaps.map((g, i) => t(lang, 'digest.gap', { rank: i + 1, text: g.text, count: g.asked })).join('\n')
      : t(lang, 'digest.noGaps'),
  });
  blocks.push({ kind: 'heading', text: t(lang, 'digest.champions') });
  blocks.push({
    kind: 'text',
    text: data.champions.length
      ? data.champions.map((c) => t(lang, 'digest.champion', { name: c.name, department: departmentNames.get(c.departmentId) ?? '', count: c.thanks })).join('\n')
      : t(lang, 'digest.noChampions'),
  });
  blocks.push({ kind: 'heading', text: t(lang, 'digest.notYet') });
  blocks.push({ kind: 'text', text: data.departments.map((d) => notYetLines(lang, d)).join('\n') });
  return { lang, text: plainText(blocks), blocks };
}

function headlineFields(lang: Lang, f: WeekFigures, p: WeekFigures) {
  return [
    {
      label: t(lang, 'digest.usingSystem'),
      value: `${t(lang, 'digest.usingSystemValue', { active: f.systemActive, rostered: f.rostered, coverage: percent(lang, f.coverage) })}\n${t(lang, 'digest.vsLastWeek', { change: signed(f.systemActive - p.systemActive) })}`,
    },
    { label: t(lang, 'digest.usingBot'), value: `${f.botActive}\n${t(lang, 'digest.vsLastWeek', { change: signed(f.botActive - p.botActive) })}` },
    { label: t(lang, 'digest.questionsPerUser'), value: number(lang, f.questionsPerActiveUser) },
    { label: t(lang, 'digest.selfService'), value: withPointChange(lang, f.selfServiceRate, p.selfServiceRate) },
    { label: t(lang, 'digest.helpful'), value: withPointChange(lang, f.helpfulRate, p.helpfulRate) },
    { label: t(lang, 'digest.surveyResponse'), value: percent(lang, f.surveyResponseRate) },
  ];
}

/** Medians, CSAT and NPS do not add up across departments, so they are shown per department only. */
function detailFields(lang: Lang, f: WeekFigures) {
  const minutes = (m: number | null) => (m === null ? t(lang, 'digest.none') : t(lang, 'digest.minutes', { minutes: m }));
  return [
    { label: t(lang, 'digest.timeToClaim'), value: minutes(f.medianMinutesToClaim) },
    { label: t(lang, 'digest.timeToResolve'), value: minutes(f.medianMinutesToResolve) },
    { label: t(lang, 'digest.csat'), value: f.csat === null ? t(lang, 'digest.none') : t(lang, 'digest.csatValue', { score: f.csat.toFixed(1) }) },
    { label: t(lang, 'digest.nps'), value: number(lang, f.nps) },
  ];
}

function notYetLines(lang: Lang, d: DigestData['departments'][number]): string {
  const { count, names, smallDepartment } = d.notYetActive;
  if (count === 0) return t(lang, 'digest.notYetNone', { department: d.name });
  const lines = [t(lang, 'digest.notYetCount', { department: d.name, count })];
  if (smallDepartment) lines.push(`  ${t(lang, 'digest.notYetSmall')}`);
  else if (names.length > 0) lines.push(`  ${t(lang, 'digest.notYetYours', { names: names.join(lang === 'zh-CN' ? '、' : ', ') })}`);
  return lines.join('\n');
}

function chartAlt(data: DigestData): string {
  const lang = data.recipient.lang;
  const series = data.chart.map((p) => `${p.activeUsers} (${percent(lang, p.coverage)})`).join(', ');
  return t(lang, 'digest.chartAlt', { first: data.chartWeeks[0] ?? '', last: data.chartWeeks.at(-1) ?? '', series });
}

function percent(lang: Lang, share: number | null): string {
  return share === null ? t(lang, 'digest.none') : `${Math.round(share * 100)}%`;
}

function number(lang: Lang, value: number | null): string {
  return value === null ? t(lang, 'digest.none') : String(value);
}

function signed(change: number): string {
  if (change > 0) return `▲ +${change}`;
  if (change < 0) return `▼ −${-change}`;
  return '= 0';
}

/** A rate with its change in percentage points ("62% ▲ +5 pts"). */
function withPointChange(lang: Lang, now: number | null, before: number | null): string {
  if (now === null) return t(lang, 'digest.none');
  if (before === null) return percent(lang, now);
  const points = Math.round(now * 100) - Math.round(before * 100);
  return `${percent(lang, now)} ${t(lang, 'digest.points', { change: signed(points) })}`;
}

function plainText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case 'heading':
        case 'text':
        case 'markdown':
          return b.text;
        case 'fields':
          return b.fields.map((f) => `${f.label}: ${f.value.replace(/\n/g, ' · ')}`).join('\n');
        case 'image':
          return `[${b.alt}] ${b.url}`;
        default:
          return '';
      }
    })
    .filter((line) => line !== '')
    .join('\n');
}
