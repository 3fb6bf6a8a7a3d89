// One streaming pass over a CSV file of the extract: checks the header read beforehand, hashes the
// bytes as they go by, and screens each record's shape before the row rules look at it.

import type { RejectedRow } from '../domain/records.js';
import { AppError } from '../errors.js';
import { BlockHasher } from './content-hash.js';
import { type CsvRecord, streamCsv } from './csv-stream.js';
import { idProblem } from './field-rules.js';

/** A rejected row; `npsn` is the school it names, when that could be read (for completeness). */
export interface ExtractReject extends RejectedRow {
  npsn?: string;
  /**
   * For a row whose fields could not be told apart (wrong field count, a record spanning lines):
   * every piece of its text that could be a person id. The sync treats each as a person with a
   * rejected row, so a row it cannot read still never makes its person look absent.
   */
  maybePersonIds?: string[];
}

export interface FileSummary {
  file: string;
  rows: number;
  accepted: number;
  rejected: number;
}

/** Streams the data rows of `path`; returns the file's content hash (content-hash.ts). */
export async function passFile(
  path: string,
  file: string,
  header: readonly string[],
  onRow: (rec: CsvRecord) => void,
): Promise<string> {
  const hash = new BlockHasher();
  let seenHeader = false;
  await streamCsv(
    path,
    file,
    (rec) => {
      if (seenHeader) {
        onRow(rec);
        return true;
      }
      seenHeader = true;
      if (rec.count !== header.length || header.some((name, i) => rec.fields[i] !== name)) {
        throw new AppError('bad_input', `${file} changed while it was being read`, { file });
      }
      return true;
    },
    { onChunk: (chunk) => hash.update(chunk) },
  );
  if (!seenHeader) throw new AppError('bad_input', `${file} changed while it was being read`, { file });
  return hash.digest();
}

/**
 * Why the record cannot be read as a row at all, or null. A last line with the wrong number of
 * fields and no final newline means the file was cut short (DESIGN fine print 8): bad input.
 */
export function shapeProblem(rec: CsvRecord, header: readonly string[], file: string): string | null {
  if (rec.count !== header.length) {
    if (!rec.terminated) {
      throw new AppError(
        'bad_input',
        `${file} is truncated: its last line (${rec.line}) has ${rec.count} fields instead of ${header.length} and no final newline`,
        { file, line: rec.line },
      );
    }
    return `expected ${header.length} fields, found ${rec.count}${delimiterHint(rec.text, header.length)}`;
  }
  if (rec.malformedField >= 0) {
    const column = header[rec.malformedField]?.trim() ?? String(rec.malformedField + 1);
    return `malformed quoted field in column ${column} (text after the closing quote)`;
  }
  if (rec.badUtf8) return 'invalid UTF-8 byte sequence';
  return null;
}

const OTHER_DELIMITERS: ReadonlyArray<[string, string]> = [
  [';', 'semicolons'],
  ['\t', 'tabs'],
  ['|', 'bars'],
];

/** ' (separated by semicolons?)' when splitting on another delimiter gives the right field count. */
function delimiterHint(text: string, fields: number): string {
  const other = OTHER_DELIMITERS.find(([d]) => text.split(d).length === fields);
  return other ? ` (separated by ${other[1]} instead of commas?)` : '';
}

/** A row has 14 fields at most, ids among the first: the cap bounds memory when many rows break. */
const MAX_ID_TOKENS = 32;

/** The distinct pieces of a row's text, between delimiters and quotes, that pass as ids. */
export function idTokens(text: string): string[] {
  const out = new Set<string>();
  for (const piece of text.split(/[,;\t|"\r\n]/)) {
    const token = piece.trim();
    if (token !== '' && idProblem('', token) === null) out.add(token);
    if (out.size >= MAX_ID_TOKENS) break;
  }
  return [...out];
}

/** The physical lines of a record that spans several (embedded line breaks), without CRs. */
export function physicalLines(rec: CsvRecord): string[] {
  return rec.text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export function byLine(a: RejectedRow, b: RejectedRow): number {
  return a.line - b.line;
}

export function summarise(file: string, rows: number, rejects: readonly RejectedRow[]): FileSummary {
  return { file, rows, accepted: rows - rejects.length, rejected: rejects.length };
}
