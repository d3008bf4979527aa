/**
 * Set-up files that people write by hand (YAML, or JSON which YAML reads too)
 * validated with zod, with every problem reported by path and file line.
 * Problems found later against the database (an unknown person, say) are
 * located in the same file through `lineOf`.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';

export type PathSegment = string | number;

export interface FileProblem {
  /** Where in the file, e.g. `groups[2].members[0].email`; empty for the whole file. */
  path: string;
  /** 1-based line, when the text at (or nearest above) the path can be located. */
  line?: number;
  message: string;
}

export interface LocatedProblem {
  path: PathSegment[];
  message: string;
}

export type ParsedFile<T> =
  | { ok: true; value: T; lineOf: (path: readonly PathSegment[]) => number | undefined }
  | { ok: false; problems: FileProblem[] };

/**
 * Parse `text` and validate it with `schema`; `crossChecks` run on the raw
 * value whatever its shape, so their problems come together with the schema's.
 */
export function parseLocatedFile<S extends z.ZodType>(
  text: string,
  fileName: string,
  schema: S,
  options: {
    crossChecks?: (raw: Record<string, unknown>) => LocatedProblem[];
    /** What the top level must be, e.g. "one survey": named when the file is a list or a scalar. */
    holds?: string;
  } = {},
): ParsedFile<z.output<S>> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        path: '',
        line: error.linePos?.[0]?.line ?? 1,
        message: `${fileName} is not valid ${fileName.endsWith('.json') ? 'JSON' : 'YAML'}: ${error.message.split('\n')[0] ?? error.message}`,
      })),
    };
  }
  const raw: unknown = document.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [{ path: '', line: 1, message: `${fileName} must hold ${options.holds ?? 'a map'} (a map of "key: value")` }] };
  }
  const parsed = schema.safeParse(raw);
  const located = [...(parsed.success ? [] : parsed.error.issues.flatMap(issueProblems)), ...(options.crossChecks?.(raw as Record<string, unknown>) ?? [])];
  const lineOfPath = (path: readonly PathSegment[]) => lineOf(document, lineCounter, path);
  if (parsed.success && located.length === 0) return { ok: true, value: parsed.data as z.output<S>, lineOf: lineOfPath };
  return { ok: false, problems: locate(located, lineOfPath) };
}

/** Attach lines to problems and order them as they appear in the file. */
export function locate(problems: readonly LocatedProblem[], lineOfPath: (path: readonly PathSegment[]) => number | undefined): FileProblem[] {
  const out = problems.map(({ path, message }): FileProblem => {
    const line = lineOfPath(path);
    return { path: formatPath(path), ...(line === undefined ? {} : { line }), message };
  });
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function issueProblems(issue: z.core.$ZodIssue): LocatedProblem[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    // One problem per unknown key, pointing at the key itself: usually a typo.
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}"` }));
  }
  return [{ path, message: issue.message }];
}

/** `['groups', 2, 'members', 0]` → `groups[2].members[0]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** One problem per repeated value; `describe` gets the value and the index of its first use. */
export function duplicates(
  items: readonly unknown[],
  keyOf: (item: unknown) => string | undefined,
  pathOf: (index: number) => PathSegment[],
  describe: (key: string, firstIndex: number) => string,
): LocatedProblem[] {
  const first = new Map<string, number>();
  const problems: LocatedProblem[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (key === undefined) return;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, index);
    else problems.push({ path: pathOf(index), message: describe(key, seen) });
  });
  return problems;
}

/**
 * The line of the deepest node that exists along the path: for a missing
 * field that is its parent's line, the nearest place to add it. For map
 * entries it is the key's line, which is where an author looks.
 */
function lineOf(document: Document, lineCounter: LineCounter, path: readonly PathSegment[]): number | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined = (document.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
