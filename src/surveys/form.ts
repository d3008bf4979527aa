/** The survey as a chat message in one language: intro, questions with their controls, current answers. */
import type { Lang } from '../knowledge/types.js';
import type { OutgoingMessage, SurveyForm, SurveyFormQuestion } from '../bot/core/types.js';
import { t } from '../bot/i18n/messages.js';
import type { LocalizedText, SurveyDefinition } from './definition-schema.js';
import { localDateTime } from '../time/zones.js';

export function localized(text: LocalizedText, lang: Lang): string {
  return text[lang];
}

/** "2026-12-11 18:00" in the tenant's zone: people read close dates on their own clock. */
export function closeDate(closesAt: Date, tz: string): string {
  const l = localDateTime(closesAt, tz);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)} (${tz})`;
}

export function surveyForm(survey: SurveyDefinition, runId: string, lang: Lang, answers: Readonly<Record<string, unknown>> = {}): SurveyForm {
  return {
    runId,
    questions: survey.questions.map((q): SurveyFormQuestion => {
      const answer = answers[q.id];
      const base: SurveyFormQuestion = { id: q.id, type: q.type, title: localized(q.title, lang), required: q.required };
      if (typeof answer === 'number' || typeof answer === 'string' || Array.isArray(answer)) base.answer = answer as SurveyFormQuestion['answer'];
      switch (q.type) {
        case 'rating':
          return { ...base, ...(q.lowLabel ? { lowLabel: localized(q.lowLabel, lang) } : {}), ...(q.highLabel ? { highLabel: localized(q.highLabel, lang) } : {}) };
        case 'single_choice':
        case 'multiple_choice':
          return { ...base, options: q.options.map((o) => ({ id: o.id, label: localized(o.label, lang) })) };
        case 'text':
          return { ...base, maxLength: q.maxLength };
        case 'nps':
          return base;
      }
    }),
    labels: {
      submit: t(lang, 'survey.label.submit'),
      textPlaceholder: t(lang, 'survey.label.textPlaceholder'),
      required: t(lang, 'survey.label.optional'),
      chosen: t(lang, 'survey.label.chosen'),
    },
  };
}

export interface InviteInput {
  survey: SurveyDefinition;
  runId: string;
  closesAt: Date;
  tz: string;
  lang: Lang;
  reminder?: boolean;
  answers?: Readonly<Record<string, unknown>>;
}

export function surveyMessage({ survey, runId, closesAt, tz, lang, reminder, answers }: InviteInput): OutgoingMessage {
  const title = localized(survey.title, lang);
  const date = closeDate(closesAt, tz);
  const lines = [
    reminder ? t(lang, 'survey.reminder', { date }) : t(lang, 'survey.invite.intro'),
    ...(survey.intro ? [localized(survey.intro, lang)] : []),
    ...(survey.anonymous ? [t(lang, 'survey.invite.anonymous')] : []),
    t(lang, 'survey.invite.closes', { date }),
  ];
  const questionText = survey.questions.map((q, i) => `${i + 1}. ${localized(q.title, lang)}`).join('\n');
  return {
    lang,
    text: `${title}\n${lines.join('\n')}\n${questionText}`,
    blocks: [
      { kind: 'heading', text: title },
      { kind: 'text', text: lines.join('\n') },
      { kind: 'divider' },
      { kind: 'survey', form: surveyForm(survey, runId, lang, answers) },
    ],
  };
}
