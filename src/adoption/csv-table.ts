/**
 * CSV files with a header row, read into rows keyed by column name. Header
 * names are matched loosely ("Go-live date", "go_live_date" and "golivedate"
 * are the same column) because rosters come out of spreadsheets and HR tools
 * that each spell them their own way.
 */
import { readCsvRecords } from '../knowledge/import/csv-records.js';

export interface LineProblem {
  /** 1-based line of the file; the header is line 1. */
  line: number;
  message: string;
}

export interface ColumnSpec<Name extends string> {
  name: Name;
  /** Other spellings accepted in the header (compared after normalising). */
  aliases?: readonly string[];
  required: boolean;
}

export interface CsvRow<Name extends string> {
  line: number;
  /** Trimmed cell per known column; '' for an empty cell or a column the file does not have. */
  values: Record<Name, string>;
}

export interface CsvTable<Name extends string> {
  rows: CsvRow<Name>[];
  /** Columns the header actually has (an optional column may be absent). */
  present: Set<Name>;
  problems: LineProblem[];
}

export function normalizeHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');
}

export function readCsvTable<Name extends string>(text: string, columns: readonly ColumnSpec<Name>[]): CsvTable<Name> {
  const { records, problem } = readCsvRecords(text);
  if (problem) return { rows: [], present: new Set(), problems: [problem] };
  const [header, ...body] = records;
  if (!header) return { rows: [], present: new Set(), problems: [{ line: 1, message: 'the file is empty: expected a header row' }] };

  const problems: LineProblem[] = [];
  const indexOf = new Map<Name, number>();
  const known = new Map<string, Name>();
  for (const c of columns) for (const alias of [c.name, ...(c.aliases ?? [])]) known.set(normalizeHeader(alias), c.name);
  header.fields.forEach((raw, index) => {
    const column = known.get(normalizeHeader(raw));
    if (!column) {
      if (raw.trim() !== '') problems.push({ line: header.line, message: `unknown column "${raw.trim()}"; known columns: ${columns.map((c) => c.name).join(', ')}` });
      return;
    }
    if (indexOf.has(column)) problems.push({ line: header.line, message: `column "${column}" appears twice` });
    else indexOf.set(column, index);
  });
  const missing = columns.filter((c) => c.required && !indexOf.has(c.name)).map((c) => c.name);
  if (missing.length > 0) problems.push({ line: header.line, message: `missing column(s): ${missing.join(', ')}` });
  if (problems.length > 0) return { rows: [], present: new Set(indexOf.keys()), problems };

  const rows = body.map((record) => {
    const values = {} as Record<Name, string>;
    for (const c of columns) {
      const index = indexOf.get(c.name);
      values[c.name] = index === undefined ? '' : (record.fields[index] ?? '').trim();
    }
    return { line: record.line, values };
  });
  return { rows, present: new Set(indexOf.keys()), problems };
}
