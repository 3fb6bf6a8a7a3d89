// One streaming pass over a CSV file of the extract: checks the header read beforehand, hashes the
// bytes as they go by, and screens each record's shape before the row rules look at it.

import { createHash } from 'node:crypto';
import type { RejectedRow } from '../domain/records.js';
import { AppError } from '../errors.js';
import { type CsvRecord, streamCsv } from './csv-stream.js';

/** A rejected row; `npsn` is the school it names, when that could be read (for completeness). */
export interface ExtractReject extends RejectedRow {
  npsn?: string;
}

export interface FileSummary {
  file: string;
  rows: number;
  accepted: number;
  rejected: number;
}

/** Streams the data rows of `path`; returns the sha256 (hex) of the file's bytes. */
export async function passFile(
  path: string,
  file: string,
  header: readonly string[],
  onRow: (rec: CsvRecord) => void,
): Promise<string> {
  const hash = createHash('sha256');
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
  return hash.digest('hex');
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
    return `expected ${header.length} fields, found ${rec.count}`;
  }
  if (rec.malformedField >= 0) {
    const column = header[rec.malformedField]?.trim() ?? String(rec.malformedField + 1);
    return `malformed quoted field in column ${column} (text after the closing quote)`;
  }
  if (rec.badUtf8) return 'invalid UTF-8 byte sequence';
  return null;
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
