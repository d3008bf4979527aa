/**
 * From an analysed question to what the scorer runs: concepts of vocabulary
 * ids with their weights (query weight × idf), typo corrections, and the
 * per-group idf mass used to measure coverage.
 */
import type { AnalyzedQuery } from '../text/query.js';
import type { InvertedIndex } from './inverted-index.js';
import type { PassageTerm } from './passage.js';
import type { ResolvedConcept } from './query-scorer.js';

/** At most this many terms run (the per-document match mask has 64 bits). */
export const MAX_QUERY_TERMS = 64;

export interface QueryPlan {
  concepts: ResolvedConcept[];
  termCount: number;
  /** For coverage: group of each term bit, and what share of its group a match of it earns. */
  bitGroup: Int32Array;
  bitFraction: Float64Array;
  /** idf mass of each group (0 for optional groups with no known term). */
  groupMass: Float64Array;
  totalMass: number;
  /** Part of totalMass from names no article uses (SAP, Odoo); see coverageOf. */
  nameMass: number;
  passageTerms: PassageTerm[];
}

export interface PlanOptions {
  /**
   * Concepts weighing less than this share of the strongest one are skipped:
   * common single characters have long postings lists and move no ranking.
   */
  pruneBelow: number;
  typoCorrection: boolean;
  /** Query weight of a typo correction relative to the word typed. */
  typoWeight: number;
}

interface Member {
  id: number;
  /** Query weight of the term (before idf). */
  weight: number;
  idf: number;
  group: number;
  concept: number;
  /** Share of its group's mass a match earns. */
  fraction: number;
}

export function planQuery(index: InvertedIndex, query: AnalyzedQuery, options: PlanOptions): QueryPlan {
  const groupMass = new Float64Array(query.groups.length);
  /** 1 when a group's mass is that of a word typed that some article uses (0: unknown word, 2: unknown name). */
  const massIsKnown = new Uint8Array(query.groups.length);
  const groupTopWeight = new Float64Array(query.groups.length);
  for (const term of query.terms) groupTopWeight[term.group] = Math.max(groupTopWeight[term.group]!, term.weight);

  // A concept's top weight is that of the word typed, even when only its synonyms or corrections are known.
  const conceptTop = new Map<number, number>();
  for (const term of query.terms) conceptTop.set(term.concept, Math.max(conceptTop.get(term.concept) ?? 0, term.weight));

  const members: Member[] = [];
  const isLive = (id: number): boolean => (index.df[id] ?? 0) > 0;
  for (const term of query.terms) {
    const top = groupTopWeight[term.group] || 1;
    const id = index.terms.idOf(term.term);
    const isTyped = term.weight === top;
    if (id !== undefined && isLive(id)) {
      const idf = index.idf(id);
      members.push({ id, weight: term.weight, idf, group: term.group, concept: term.concept, fraction: term.weight / top });
      // Mass counts what the user typed (the top weight of the group), not synonyms.
      if (isTyped && idf * term.weight >= groupMass[term.group]!) {
        groupMass[term.group] = idf * term.weight;
        massIsKnown[term.group] = 1;
      }
      continue;
    }
    if (isTyped && !query.groups[term.group]?.optional) {
      const isHan = term.surface === undefined && /^[\u3400-\ufaff]/.test(term.term);
      const unseen = index.unseenIdf(isHan) * term.weight;
      if (unseen > groupMass[term.group]!) {
        groupMass[term.group] = unseen;
        massIsKnown[term.group] = term.name === true ? 2 : 0;
      }
    }
    if (!options.typoCorrection || term.surface === undefined) continue;
    for (const corrected of index.terms.correctTypo(term.surface, isLive)) {
      const weight = term.weight * options.typoWeight;
      members.push({ id: corrected, weight, idf: index.idf(corrected), group: term.group, concept: term.concept, fraction: weight / top });
    }
  }

  // Strongest terms first; a term reached twice keeps its first (strongest) role.
  members.sort((a, b) => b.weight * b.idf - a.weight * a.idf);
  const seen = new Set<number>();
  const kept = members.filter((member) => (seen.has(member.id) ? false : (seen.add(member.id), true))).slice(0, MAX_QUERY_TERMS);

  const conceptIndex = new Map<number, ResolvedConcept>();
  const bitGroup = new Int32Array(kept.length);
  const bitFraction = new Float64Array(kept.length);
  kept.forEach((member, bit) => {
    bitGroup[bit] = member.group;
    bitFraction[bit] = member.fraction;
    let concept = conceptIndex.get(member.concept);
    if (concept === undefined) {
      concept = { weight: 0, terms: [] };
      conceptIndex.set(member.concept, concept);
    }
    concept.weight = Math.max(concept.weight, member.weight * member.idf);
    concept.terms.push({ id: member.id, factor: member.weight / (conceptTop.get(member.concept) ?? 1), bit });
  });
  const strongest = Math.max(0, ...[...conceptIndex.values()].map((concept) => concept.weight));
  const concepts = [...conceptIndex.values()].filter((concept) => concept.weight >= options.pruneBelow * strongest);
  const running = new Set(concepts.flatMap((concept) => concept.terms.map((term) => term.bit)));
  // A known word whose every term was pruned is treated like a stop word: it cannot match, so it cannot be missing.
  const groupRuns = new Uint8Array(groupMass.length);
  kept.forEach((member, bit) => {
    if (running.has(bit)) groupRuns[member.group] = 1;
  });
  for (let group = 0; group < groupMass.length; group++) {
    if (groupRuns[group] === 0 && massIsKnown[group] === 1) groupMass[group] = 0;
  }
  let totalMass = 0;
  let nameMass = 0;
  for (let group = 0; group < groupMass.length; group++) {
    totalMass += groupMass[group]!;
    if (massIsKnown[group] === 2) nameMass += groupMass[group]!;
  }
  // Passages and proximity look for the terms that run, strongest first (they are scanned in every candidate).
  const passageTerms = kept
    .filter((_, bit) => running.has(bit))
    .map((member) => ({
      term: index.terms.terms[member.id] ?? '',
      // A synonym is worth its share of the word typed, never more (a rare synonym must not outweigh it).
      weight: groupMass[member.group]! > 0 ? member.fraction * groupMass[member.group]! : member.weight * member.idf,
      group: member.group,
    }));
  return { concepts, termCount: kept.length, bitGroup, bitFraction, groupMass, totalMass, nameMass, passageTerms };
}

/**
 * A question whose other words an article matches this well is answered by
 * it whatever system the unknown name refers to ("在Odoo里请假"); matching
 * less, the name stays a missing word ("SAP share price").
 */
const NAME_IGNORED_FROM = 0.8;

/** Coverage of the question by a document match mask: matched mass / total mass. */
export function coverageOf(plan: QueryPlan, maskLo: number, maskHi: number): { coverage: number; matchedMass: number } {
  if (plan.totalMass <= 0) return { coverage: 0, matchedMass: 0 };
  const best = new Float64Array(plan.groupMass.length);
  for (let bit = 0; bit < plan.termCount; bit++) {
    const matched = bit < 32 ? (maskLo >>> bit) & 1 : (maskHi >>> (bit - 32)) & 1;
    if (!matched) continue;
    const group = plan.bitGroup[bit]!;
    best[group] = Math.max(best[group]!, plan.bitFraction[bit]!);
  }
  let matchedMass = 0;
  for (let group = 0; group < best.length; group++) matchedMass += plan.groupMass[group]! * best[group]!;
  const known = plan.totalMass - plan.nameMass;
  const total = plan.nameMass > 0 && known > 0 && matchedMass >= NAME_IGNORED_FROM * known ? known : plan.totalMass;
  return { coverage: Math.min(1, matchedMass / total), matchedMass };
}
