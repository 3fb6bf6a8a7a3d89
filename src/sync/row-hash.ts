// The hash of a person's rows that lets a sync skip reading an unchanged person. Rows are compared
// in row-id order, every field, as JSON: the same rule as the classifier's row comparison.
import { createHash } from 'node:crypto';
import type { PersonRow } from '../domain/records.js';

export function rowsHash(rows: readonly PersonRow[]): string {
  const sorted =
    rows.length < 2 ? rows : [...rows].sort((a, b) => (a.rowId < b.rowId ? -1 : a.rowId > b.rowId ? 1 : 0));
  const hash = createHash('sha1');
  for (const row of sorted) hash.update(JSON.stringify(row)).update('\n');
  return hash.digest('base64');
}

export function npsnList(rows: readonly PersonRow[]): string {
  return [...new Set(rows.map((r) => r.npsn))].sort().join(',');
}
