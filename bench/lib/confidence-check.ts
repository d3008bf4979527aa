/**
 * Answered-correct and false-answer rates at a confidence threshold: the
 * share of questions whose first hit is right and confident enough, and the
 * share of off-topic questions that still get a confident first hit.
 */
import type { EvalQuestion } from '../../src/knowledge/eval.js';
import type { KnowledgeIndex } from '../../src/knowledge/search/index.js';

export interface ConfidenceCheck {
  answeredCorrect: number;
  answeredWrong: number;
  falseAnswers: number;
  /** Off-topic questions that were answered, with the index they were asked on. */
  falseAnswered: string[];
}

export function checkConfidence(
  onTopic: { index: KnowledgeIndex; questions: readonly EvalQuestion[] }[],
  offTopic: { index: KnowledgeIndex; name: string; questions: readonly string[] }[],
  threshold: number,
): ConfidenceCheck {
  let asked = 0;
  let correct = 0;
  let wrong = 0;
  for (const { index, questions } of onTopic) {
    for (const question of questions) {
      asked++;
      const hit = index.search(question.question, { lang: question.lang, limit: 5 })[0];
      if (hit === undefined || hit.confidence < threshold) continue;
      if (question.expected.includes(hit.slug)) correct++;
      else wrong++;
    }
  }
  let off = 0;
  const falseAnswered: string[] = [];
  for (const { index, name, questions } of offTopic) {
    for (const question of questions) {
      off++;
      const hit = index.search(question, { limit: 5 })[0];
      if (hit !== undefined && hit.confidence >= threshold) falseAnswered.push(`${name}: ${question} → ${hit.slug} ${hit.confidence.toFixed(2)}`);
    }
  }
  return { answeredCorrect: correct / asked, answeredWrong: wrong / asked, falseAnswers: falseAnswered.length / off, falseAnswered };
}
