/**
 * RFC 4180 CSV reader that remembers the line each record starts on:
 * quoted fields may hold commas, doubled quotes ("") and line breaks.
 */
export interface CsvRecord {
  fields: string[];
  /** 1-based line the record starts on. */
  line: number;
}

export interface CsvReadResult {
  records: CsvRecord[];
  problem?: { line: number; message: string };
}

export function readCsvRecords(text: string): CsvReadResult {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let fieldWasQuoted = false;
  const n = text.length;

  const endRecord = (): void => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '' && !fieldWasQuoted;
    if (!blank) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    fieldWasQuoted = false;
  };

  while (i < n) {
    const char = text[i];
    if (char === '"' && field === '' && !fieldWasQuoted) {
      const quoteLine = line;
      fieldWasQuoted = true;
      i++;
      let closed = false;
      while (i < n) {
        const inner = text[i];
        if (inner === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (inner === '\n') line++;
        else if (inner === '\r' && text[i + 1] !== '\n') line++;
        field += inner;
        i++;
      }
      if (!closed) {
        return { records, problem: { line: quoteLine, message: `unterminated quote: the quoted field that starts on line ${quoteLine} is never closed` } };
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        return {
          records,
          problem: { line, message: 'text follows a closing quote; a quote inside a quoted field must be doubled ("")' },
        };
      }
      continue;
    }
    if (char === ',') {
      fields.push(field);
      field = '';
      fieldWasQuoted = false;
      i++;
      continue;
    }
    if (char === '\n' || char === '\r') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += char;
    i++;
  }
  if (field !== '' || fields.length > 0 || fieldWasQuoted) endRecord();
  return { records };
}
