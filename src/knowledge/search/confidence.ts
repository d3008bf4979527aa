/**
 * How sure the index is that an article answers a question, in 0..1.
 *
 * Evidence, all about the question's words weighted by idf:
 * - coverage: the share of the question's information the article matches.
 *   Off-topic questions ("what's the weather", CRM questions against HR
 *   articles, gibberish) leave most of their rare words unmatched.
 * - matched words: the matched information in units of one word no article
 *   uses (the highest idf possible in this index), so a question made of very
 *   common words ("odoo") is vague even when covered. The unit keeps the
 *   scale the same for 50 or 50,000 articles.
 * - proximity: the share of the question found in one ~600-character span,
 *   the title or a learned question.
 *
 * They are combined by a logistic curve (Platt scaling) whose coefficients
 * were fitted, then rounded, on ~95 questions: the shared Odoo HR dev
 * questions, short questions written against the demo knowledge base, and
 * ~40 hand-written off-topic questions. With the 0.35 threshold about 9 in
 * 10 correct first hits are answered and about 1 in 5 off-topic questions
 * still gets an answer (mostly HR questions the HR articles do not cover).
 * Treat it as a ranking of certainty, not as a calibrated probability for
 * other knowledge bases.
 */

/** Callers answer when confidence >= this, and say "I don't know" below it. */
export const RECOMMENDED_THRESHOLD = 0.35;

export function recommendedThreshold(): number {
  return RECOMMENDED_THRESHOLD;
}

export interface ConfidenceEvidence {
  /** 0..1, share of the question's idf mass the article matches. */
  coverage: number;
  /** The matched idf mass (natural-log units). */
  matchedMass: number;
  /** matchedMass divided by the idf of a word no article uses. */
  matchedWords: number;
  /** 0..1, share of the question found within one ~600-character span, the title or a learned question. */
  proximity: number;
}

const WEIGHTS = { coverage: 3.3, matchedWords: 1.7, proximity: 0.3, bias: -1.8 } as const;

export function confidenceOf(evidence: Pick<ConfidenceEvidence, 'coverage' | 'matchedWords' | 'proximity'>): number {
  const coverage = clamp01(evidence.coverage);
  if (coverage === 0) return 0;
  const z =
    WEIGHTS.coverage * coverage +
    WEIGHTS.matchedWords * Math.log(Math.max(0, evidence.matchedWords) + 0.05) +
    WEIGHTS.proximity * clamp01(evidence.proximity) +
    WEIGHTS.bias;
  return 1 / (1 + Math.exp(-z));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
}
