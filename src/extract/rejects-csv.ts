// The rejects report (DESIGN 3.1: `rejects/<run_id>.csv` beside the store).

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RejectedRow } from '../domain/records.js';

export const REJECTS_COLUMNS = ['file', 'line', 'reason', 'row_id', 'person_id'] as const;

/** A CSV field, quoted when it holds a comma, quote, line break or edge whitespace (RFC 4180). */
export function csvField(value: string): string {
  if (!/[",\r\n]|^\s|\s$/.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

export function rejectsCsvLine(r: RejectedRow): string {
  return [r.file, String(r.line), r.reason, r.rowId ?? '', r.personId ?? ''].map(csvField).join(',') + '\n';
}

/** Writes the rejects as CSV (LF line ends), creating parent directories; replaces `path` whole. */
export async function writeRejectsCsv(path: string, rejects: readonly RejectedRow[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  const out = createWriteStream(partial);
  const closed = once(out, 'close');
  try {
    let buffer = REJECTS_COLUMNS.join(',') + '\n';
    for (const r of rejects) {
      buffer += rejectsCsvLine(r);
      if (buffer.length >= 1 << 16) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    out.end(buffer);
    await closed;
    await rename(partial, path);
  } catch (err) {
    out.destroy();
    await rm(partial, { force: true });
    throw err;
  }
}
