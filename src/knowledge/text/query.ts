/**
 * Query analysis: the weighted terms a question is matched with.
 *
 * Each meaningful word of the question forms a *group* (its own terms plus
 * synonyms and typo corrections); the index uses groups to measure how much
 * of the question an article covers, which drives confidence.
 */
import { forEachHanTerm, isIndexableBigram, isIndexableUnigram, latinTerm } from './analyze.js';
import { ABBREVIATIONS, SYNONYM_GROUPS } from './lexicon.js';
import { hanNumbers } from './han-numbers.js';
import { nameLikeWords } from './names.js';
import { forEachRun, normalizeText } from './normalize.js';
import { segmentHanRun } from './segmenter.js';
import { stemEnglish } from './stem.js';
import { EN_STOP_WORDS, ZH_STOP_CHARS, ZH_STOP_WORDS } from './stopwords.js';

export interface QueryTerm {
  /** Index term (stem, Han bigram or Han character). */
  term: string;
  /** Multiplies the term's contribution to the score. */
  weight: number;
  /** Index into AnalyzedQuery.groups. */
  group: number;
  /**
   * Terms with the same concept are alternatives for one meaning (a word, its
   * synonyms): the index adds up their frequencies before saturating, so a
   * document that uses both words is not counted twice.
   */
  concept: number;
  /** The non-Han word as typed, so the index can correct typos against its vocabulary. */
  surface?: string;
  /** Typed like a name (see names.ts): unknown to the index, it is not a missing word. */
  name?: boolean;
}

export interface QueryGroup {
  /** A cross-word Han bigram: when the index has none of its terms it is noise, not a missing word. */
  optional: boolean;
}

export interface AnalyzedQuery {
  terms: QueryTerm[];
  groups: QueryGroup[];
}

export interface QueryAnalysisOptions {
  /** Expand with the bilingual synonym lexicon (default true). */
  synonyms?: boolean;
}

/** Relative weights of the kinds of query terms. */
export const QUERY_TERM_WEIGHTS = {
  word: 1,
  /** Bigram inside a word Intl.Segmenter found. */
  bigram: 1,
  /** Bigram across two segmenter words (catches dictionary gaps: 微|信 → 微信). */
  crossBigram: 0.5,
  /** A one-character Chinese word. */
  singleCharWord: 0.6,
  /** A character of a longer Chinese word. */
  unigram: 0.2,
  /** A synonym from the lexicon. */
  synonym: 0.5,
} as const;

interface LexiconEntry {
  group: number;
  /** Stems of a Latin entry (may include stop words, e.g. "log in"). */
  stems?: string[];
  han?: string;
}

const lexiconByFirstStem = new Map<string, LexiconEntry[]>();
const lexiconHanEntries: LexiconEntry[] = [];
const lexiconGroups: LexiconEntry[][] = [];

SYNONYM_GROUPS.forEach((line, group) => {
  const members: LexiconEntry[] = [];
  for (const raw of line.split('|')) {
    const text = normalizeText(raw.trim());
    if (text.length === 0) continue;
    if (/[\u3400-\u9fff]/.test(text)) {
      members.push({ group, han: text });
    } else {
      const stems = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((word) => stemEnglish(word));
      members.push({ group, stems });
    }
  }
  lexiconGroups.push(members);
  for (const entry of members) {
    if (entry.han !== undefined) lexiconHanEntries.push(entry);
    else if (entry.stems?.[0] !== undefined) {
      const list = lexiconByFirstStem.get(entry.stems[0]) ?? [];
      list.push(entry);
      lexiconByFirstStem.set(entry.stems[0], list);
    }
  }
});

class QueryBuilder {
  readonly terms: QueryTerm[] = [];
  readonly groups: QueryGroup[] = [];
  private readonly positionOf = new Map<string, number>();
  private concepts = 0;

  newGroup(optional = false): number {
    this.groups.push({ optional });
    return this.groups.length - 1;
  }

  newConcept(): number {
    return this.concepts++;
  }

  /**
   * Adds a term (in a new concept unless one is given) and returns its
   * concept; a term already present keeps its group and concept and the
   * higher weight.
   */
  add(term: string, weight: number, group: number, concept = -1, surface?: string): number {
    const existing = this.positionOf.get(term);
    if (existing !== undefined) {
      const current = this.terms[existing] as QueryTerm;
      if (weight > current.weight) current.weight = weight;
      return current.concept;
    }
    const ownConcept = concept >= 0 ? concept : this.newConcept();
    this.positionOf.set(term, this.terms.length);
    const entry: QueryTerm = { term, weight, group, concept: ownConcept };
    if (surface !== undefined) entry.surface = surface;
    this.terms.push(entry);
    return ownConcept;
  }

  markName(term: string): void {
    const position = this.positionOf.get(term);
    if (position !== undefined) (this.terms[position] as QueryTerm).name = true;
  }

  conceptOf(term: string): number | undefined {
    const position = this.positionOf.get(term);
    return position === undefined ? undefined : this.terms[position]?.concept;
  }

  /** Adds the terms of a lexicon entry used as an expansion. */
  addExpansion(entry: LexiconEntry, group: number, concept: number): void {
    const weight = QUERY_TERM_WEIGHTS.synonym;
    if (entry.han !== undefined) {
      const han = entry.han;
      if (han.length === 1) {
        if (isIndexableUnigram(han)) this.add(han, weight * QUERY_TERM_WEIGHTS.singleCharWord, group, concept);
        return;
      }
      for (let i = 0; i + 1 < han.length; i++) {
        const bigram = han.slice(i, i + 2);
        if (isIndexableBigram(bigram)) this.add(bigram, weight, group, concept);
      }
    } else if (entry.stems?.length === 1 && entry.stems[0] !== undefined) {
      this.add(entry.stems[0], weight, group, concept);
    }
  }
}

interface LatinToken {
  stem: string;
  group: number;
  concept: number;
}

export function analyzeQuery(text: string, options: QueryAnalysisOptions = {}): AnalyzedQuery {
  const useSynonyms = options.synonyms ?? true;
  const builder = new QueryBuilder();
  let latinRun: LatinToken[] = [];
  const names = nameLikeWords(text);
  const flushLatin = (): void => {
    if (useSynonyms) expandLatinPhrases(latinRun, builder);
    latinRun = [];
  };
  forEachRun(normalizeText(text), (run, han) => {
    if (han) {
      flushLatin();
      addHanRun(run, builder, useSynonyms);
      return;
    }
    const word = ABBREVIATIONS.get(run) ?? run;
    const term = latinTerm(word);
    if (term === undefined) {
      latinRun.push({ stem: stemEnglish(word), group: -1, concept: -1 });
      return;
    }
    const group = builder.newGroup();
    const concept = builder.add(term, QUERY_TERM_WEIGHTS.word, group, -1, word);
    if (names.has(run)) builder.markName(term);
    latinRun.push({ stem: term, group, concept });
  });
  flushLatin();
  return { terms: builder.terms, groups: builder.groups };
}

/**
 * Finds lexicon entries in a run of consecutive non-Han words and adds their
 * synonyms. Longer entries win: inside a multi-word entry ("expense report"),
 * a word that none of the entry's alternatives uses ("report") has taken the
 * compound's meaning, so its own synonyms (reporting, 报表) are not added;
 * the words the alternatives use instead ("claim" of "expense claim") are
 * added as alternatives of it.
 */
function expandLatinPhrases(tokens: LatinToken[], builder: QueryBuilder): void {
  const matches: { at: number; entry: LexiconEntry }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const entry of lexiconByFirstStem.get((tokens[i] as LatinToken).stem) ?? []) {
      const stems = entry.stems as string[];
      if (stems.every((stem, k) => tokens[i + k]?.stem === stem)) matches.push({ at: i, entry });
    }
  }
  // Multi-word entries first, so the words they replace take their alternatives' words.
  matches.sort((a, b) => (b.entry.stems?.length ?? 0) - (a.entry.stems?.length ?? 0) || a.at - b.at);
  const reassigned = new Set<number>();
  for (const { at, entry } of matches) {
    const stems = entry.stems as string[];
    if (stems.length < 2) continue;
    const alternativeStems = new Set<string>();
    for (const other of lexiconGroups[entry.group] ?? []) if (other !== entry) for (const stem of other.stems ?? []) alternativeStems.add(stem);
    for (let k = 0; k < stems.length; k++) if (!alternativeStems.has(stems[k] as string)) reassigned.add(at + k);
  }
  for (const { at, entry } of matches) {
    const stems = entry.stems as string[];
    if (stems.length === 1 && reassigned.has(at)) continue;
    const phrase = tokens.slice(at, at + stems.length);
    const owner = phrase.find((token) => token.group >= 0);
    const group = owner?.group ?? builder.newGroup();
    // A one-word entry's synonyms are alternatives of that word; a phrase's ("time off") get their own concept.
    const concept = stems.length === 1 && owner !== undefined ? owner.concept : builder.newConcept();
    // Words of a multi-word alternative that the phrase lacks replace the phrase's last word it does not share.
    const replaced = [...phrase].reverse().find((token, k) => token.group >= 0 && reassigned.has(at + stems.length - 1 - k));
    for (const synonym of lexiconGroups[entry.group] ?? []) {
      if (synonym === entry) continue;
      if (stems.length > 1 && replaced !== undefined && (synonym.stems?.length ?? 0) > 1) {
        for (const stem of synonym.stems as string[]) {
          if (stems.includes(stem) || EN_STOP_WORDS.has(stem) || stem.length < 2) continue;
          builder.add(stem, QUERY_TERM_WEIGHTS.synonym, replaced.group, replaced.concept);
        }
        continue;
      }
      builder.addExpansion(synonym, group, concept);
    }
  }
}

function addHanRun(run: string, builder: QueryBuilder, useSynonyms: boolean): void {
  const words = segmentHanRun(run);
  const groupOfChar = new Array<number>(run.length).fill(-1);
  let offset = 0;
  let previous: { word: string; group: number } | undefined;
  for (const segment of words) {
    const found = run.indexOf(segment, offset);
    if (found < 0) continue; // segments always tile the run; this only guards the arithmetic below
    offset = found + segment.length;
    // 几天 / 多少钱 ask about the days or the money: the question word is dropped, the thing asked about kept.
    const skip = questionPrefixLength(segment);
    const word = segment.slice(skip);
    const start = found + skip;
    if (skip > 0) previous = undefined;
    if (ZH_STOP_WORDS.has(word) || isFunctionWord(word)) {
      previous = undefined;
      continue;
    }
    const group = builder.newGroup();
    for (let k = start; k < offset; k++) groupOfChar[k] = group;
    if (word.length === 1) {
      if (isIndexableUnigram(word)) builder.add(word, QUERY_TERM_WEIGHTS.singleCharWord, group);
    } else {
      for (let k = 0; k + 1 < word.length; k++) {
        const bigram = word.slice(k, k + 2);
        if (isIndexableBigram(bigram)) builder.add(bigram, QUERY_TERM_WEIGHTS.bigram, group);
      }
      forEachHanTerm(word, (term) => {
        if (term.length === 1) builder.add(term, QUERY_TERM_WEIGHTS.unigram, group);
      });
    }
    if (previous !== undefined) {
      const cross = previous.word.slice(-1) + word[0];
      if (isIndexableBigram(cross)) builder.add(cross, QUERY_TERM_WEIGHTS.crossBigram, builder.newGroup(true));
    }
    previous = { word, group };
  }
  // A number typed in characters also matches it written in digits (optional: articles may not use it).
  for (const value of hanNumbers(run)) builder.add(String(value), QUERY_TERM_WEIGHTS.word, builder.newGroup(true));
  if (!useSynonyms) return;
  for (const entry of lexiconHanEntries) {
    const han = entry.han as string;
    const at = run.indexOf(han);
    if (at < 0) continue;
    const owner = groupOfChar.slice(at, at + han.length).find((group) => group >= 0);
    const group = owner ?? builder.newGroup(true);
    const concept = (han.length === 2 ? builder.conceptOf(han) : undefined) ?? builder.newConcept();
    for (const synonym of lexiconGroups[entry.group] ?? []) {
      if (synonym !== entry) builder.addExpansion(synonym, group, concept);
    }
  }
}

/** Question words that the segmenter glues to the measure word or noun after them (几天, 几个, 多少钱, 哪天). */
const QUESTION_PREFIXES = ['多少', '几', '哪'];

function questionPrefixLength(word: string): number {
  for (const prefix of QUESTION_PREFIXES) if (word.length > prefix.length && word.startsWith(prefix)) return prefix.length;
  return 0;
}

/** A segment made only of function characters (我还, 也都): ICU glues them, but they carry no topic. */
function isFunctionWord(word: string): boolean {
  if (word.length < 2) return false;
  for (const char of word) if (!ZH_STOP_CHARS.has(char)) return false;
  return true;
}

/** Distinct terms of a question, for tests and debugging. */
export function queryTerms(text: string, options?: QueryAnalysisOptions): string[] {
  return analyzeQuery(text, options).terms.map((term) => term.term);
}

