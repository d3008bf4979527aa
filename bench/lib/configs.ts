/**
 * Engine configurations. The baselines use the best configuration found by
 * `--sweep` on the dev set (MRR@10), so the comparison is against each library
 * at its best, not at its defaults.
 */
import { miniSearchEngine, oramaEngine, oramaSingleEngine, ourEngine, type Engine, type MiniSearchConfig, type OramaConfig } from './engines.js';

export const BEST_MINISEARCH: MiniSearchConfig = { titleBoost: 1, prefix: true, fuzzy: 0.2 };
export const BEST_ORAMA: OramaConfig & { databases: 'one' } = { titleBoost: 1, tolerance: 0, databases: 'one' };

export type EngineName = 'ours' | 'minisearch' | 'orama' | 'ours-no-synonyms' | 'ours-no-typo-correction' | 'ours-no-cross-language';

export function engineByName(name: EngineName): Engine {
  switch (name) {
    case 'ours':
      return ourEngine();
    case 'ours-no-synonyms':
      return ourEngine('Hypercare KnowledgeIndex, ablation: no synonym lexicon', { synonyms: false });
    case 'ours-no-typo-correction':
      return ourEngine('Hypercare KnowledgeIndex, ablation: no typo correction', { typoCorrection: false });
    case 'ours-no-cross-language':
      return ourEngine('Hypercare KnowledgeIndex, ablation: other language version ignored', { otherLangWeight: 0 });
    case 'minisearch':
      return miniSearchEngine(BEST_MINISEARCH);
    case 'orama':
      return oramaSingleEngine(BEST_ORAMA);
  }
}

/** Every baseline configuration `--sweep` evaluates. */
export function BASELINE_SWEEP(): Engine[] {
  const engines: Engine[] = [];
  for (const titleBoost of [1, 2, 3, 5]) {
    for (const prefix of [false, true]) for (const fuzzy of [0, 0.2]) engines.push(miniSearchEngine({ titleBoost, prefix, fuzzy }));
  }
  for (const titleBoost of [1, 2, 3]) {
    for (const tolerance of [0, 1]) engines.push(oramaEngine({ titleBoost, tolerance }), oramaSingleEngine({ titleBoost, tolerance }));
  }
  return engines;
}
