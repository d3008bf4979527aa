/**
 * Knowledge search: an in-memory BM25F index over article versions with
 * audience filtering, language preference, best passages and confidence.
 */
export {
  KnowledgeIndex,
  createSearchIndex,
  rankConsistent,
  rankingConfig,
  DEFAULT_RANKING,
  type ExplainedHit,
  type RankingConfig,
  type RankingOverrides,
} from './knowledge-index.js';
export { RECOMMENDED_THRESHOLD, recommendedThreshold, confidenceOf, type ConfidenceEvidence } from './confidence.js';
export { bestPassage, MAX_PASSAGE_CHARS, type PassageOptions } from './passage.js';
export { FIELDS, type FieldName } from './document-fields.js';
