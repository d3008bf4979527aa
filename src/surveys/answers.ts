/**
 * Answers from chat, saved until the run closes (a later answer replaces the
 * earlier one). For an anonymous survey the response row holds no user id:
 * it is found again by a keyed hash of run and person (respondentKey), its
 * timestamps are the run's opening time (so they cannot be matched against
 * anything else that happened at the moment of answering), and the keys are
 * wiped when the run closes, after which nothing in storage leads back.
 * The invite of an anonymous survey is never marked as answered.
 */
import { createHmac } from 'node:crypto';
import type { Db } from '../db/client.js';
import { recordAdoptionEvent } from '../adoption/events.js';
import type { SurveyDefinition, SurveyQuestion } from './definition-schema.js';
import { storedDefinition } from './service.js';

export interface AnswerUpdate {
  questionId: string;
  raw: string;
  /** A button of a multiple-choice question adds or removes its option. */
  toggle?: boolean;
}

export type AnswerOutcome =
  | { kind: 'saved'; questionIds: string[]; complete: boolean; closesAt: Date; survey: SurveyDefinition; answers: Record<string, unknown>; runId: string }
  | { kind: 'closed' }
  | { kind: 'not_invited' }
  | { kind: 'invalid'; question: SurveyQuestion; survey: SurveyDefinition }
  | { kind: 'nothing' };

export function respondentKey(secret: string, runId: string, userId: string): string {
  return createHmac('sha256', secret).update(`survey-respondent:${runId}:${userId}`).digest('base64url');
}

export class SurveyAnswers {
  constructor(
    private readonly db: Db,
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async answer(tenantId: string, userId: string, runId: string, updates: readonly AnswerUpdate[]): Promise<AnswerOutcome> {
    const run = await this.db.surveyRun.findFirst({ where: { id: runId, tenantId }, include: { survey: true } });
    if (!run) return { kind: 'not_invited' };
    if (run.status !== 'open' || run.closesAt.getTime() <= this.now().getTime()) return { kind: 'closed' };
    const survey = storedDefinition(run.survey.definition);
    const invite = await this.db.surveyInvite.findUnique({ where: { runId_userId: { runId, userId } }, select: { id: true, sentAt: true } });
    if (!invite?.sentAt) return { kind: 'not_invited' };
    if (updates.length === 0) return { kind: 'nothing' };

    const anonymous = run.survey.anonymous;
    const key = anonymous ? respondentKey(this.secret, runId, userId) : null;
    const person = await this.db.user.findFirst({ where: { id: userId, tenantId }, select: { department: { select: { name: true } }, wave: { select: { name: true } } } });

    const result = await this.db.$transaction(async (tx) => {
      // One answer at a time per person and run: two quick presses must not both insert.
      await tx.$executeRaw`SELECT 1 FROM "SurveyInvite" WHERE id = ${invite.id} FOR UPDATE`;
      const existing = anonymous
        ? await tx.surveyResponse.findUnique({ where: { runId_respondentKey: { runId, respondentKey: key! } } })
        : await tx.surveyResponse.findUnique({ where: { runId_userId: { runId, userId } } });
      const answers: Record<string, unknown> = { ...((existing?.answers as Record<string, unknown> | null) ?? {}) };
      for (const update of updates) {
        const question = survey.questions.find((q) => q.id === update.questionId);
        if (!question) return { kind: 'invalid' as const, question: survey.questions[0]!, survey };
        const value = parseAnswer(question, update, answers[question.id]);
        if (value === INVALID) return { kind: 'invalid' as const, question, survey };
        if (value === undefined) delete answers[question.id];
        else answers[question.id] = value;
      }
      const labels = { department: person?.department?.name ?? null, wave: person?.wave?.name ?? null };
      // Anonymous rows carry the run's opening time, not the moment of answering.
      const stamp = anonymous ? { submittedAt: run.opensAt, updatedAt: run.opensAt } : {};
      if (existing) {
        await tx.surveyResponse.update({ where: { id: existing.id }, data: { answers: answers as object, ...labels, ...stamp } });
      } else {
        await tx.surveyResponse.create({
          data: { runId, tenantId, userId: anonymous ? null : userId, respondentKey: key, answers: answers as object, ...labels, ...stamp },
        });
        if (!anonymous) await tx.surveyInvite.update({ where: { id: invite.id }, data: { respondedAt: this.now() } });
        await recordAdoptionEvent(tx, {
          tenantId,
          ...(anonymous ? { occurredAt: run.opensAt } : { userId }),
          kind: 'survey_answered',
          data: { surveyKey: survey.key },
        });
      }
      return { kind: 'stored' as const, answers };
    });
    if (result.kind !== 'stored') return result;
    const complete = survey.questions.every((q) => !q.required || result.answers[q.id] !== undefined);
    return { kind: 'saved', questionIds: updates.map((u) => u.questionId), complete, closesAt: run.closesAt, survey, answers: result.answers, runId };
  }

  /** The person's saved answers to a run (for showing the form again), or {}. */
  async current(runId: string, userId: string, anonymous: boolean): Promise<Record<string, unknown>> {
    const row = anonymous
      ? await this.db.surveyResponse.findUnique({ where: { runId_respondentKey: { runId, respondentKey: respondentKey(this.secret, runId, userId) } }, select: { answers: true } })
      : await this.db.surveyResponse.findUnique({ where: { runId_userId: { runId, userId } }, select: { answers: true } });
    return (row?.answers as Record<string, unknown> | null) ?? {};
  }
}

const INVALID = Symbol('invalid');

/** The stored value of an answer, undefined to clear it, or INVALID. */
function parseAnswer(question: SurveyQuestion, update: AnswerUpdate, current: unknown): unknown {
  const raw = update.raw.trim();
  switch (question.type) {
    case 'rating':
    case 'nps': {
      if (raw === '') return undefined;
      const n = Number(raw);
      const [min, max] = question.type === 'rating' ? [1, 5] : [0, 10];
      return Number.isInteger(n) && n >= min && n <= max ? n : INVALID;
    }
    case 'single_choice':
      if (raw === '') return undefined;
      return question.options.some((o) => o.id === raw) ? raw : INVALID;
    case 'multiple_choice': {
      const known = new Set(question.options.map((o) => o.id));
      let chosen: string[];
      if (update.toggle) {
        if (!known.has(raw)) return INVALID;
        const before = Array.isArray(current) ? (current as string[]) : [];
        chosen = before.includes(raw) ? before.filter((id) => id !== raw) : [...before, raw];
      } else {
        chosen = [...new Set(raw.split(',').map((id) => id.trim()).filter((id) => id !== ''))];
        if (chosen.some((id) => !known.has(id))) return INVALID;
      }
      if (question.maxSelections !== undefined && chosen.length > question.maxSelections) return INVALID;
      return chosen.length === 0 ? undefined : question.options.map((o) => o.id).filter((id) => chosen.includes(id));
    }
    case 'text':
      if (raw === '') return undefined;
      return raw.length <= question.maxLength ? raw : INVALID;
  }
}
