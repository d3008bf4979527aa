export { normalizeText, splitParagraphs, isHanCode } from './normalize.js';
export { stemEnglish } from './stem.js';
export { detectLanguage } from './detect-language.js';
export { segmentHanRun } from './segmenter.js';
export { indexTerms, latinTerm, forEachHanTerm, isIndexableBigram, isIndexableUnigram } from './analyze.js';
export {
  analyzeQuery,
  queryTerms,
  QUERY_TERM_WEIGHTS,
  type AnalyzedQuery,
  type QueryTerm,
  type QueryGroup,
  type QueryAnalysisOptions,
} from './query.js';
export { SYNONYM_GROUPS, ABBREVIATIONS } from './lexicon.js';
export { EN_STOP_WORDS, ZH_STOP_WORDS } from './stopwords.js';
export { isHowToQuestion } from './how-to.js';
