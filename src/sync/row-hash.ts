// The hash of a person's rows that lets a sync skip reading an unchanged person. Rows are compared
// in row-id order, every field, as JSON: the same rule as the classifier's row comparison.
import { hash } from 'node:crypto';
import type { PersonRow } from '../domain/records.js';

export function rowsHash(rows: readonly PersonRow[]): string {
  return rowsHashOfJson(
    rows,
    rows.map((row) => JSON.stringify(row)),
  );
}

/**
 * The same hash from the rows' JSON, already made (apply stores it as row_json): one string hashed
 * at once, rather than a Hash object per person, which a first load makes millions of.
 */
export function rowsHashOfJson(rows: readonly PersonRow[], json: readonly string[]): string {
  if (rows.length === 1) return hash('sha1', `${json[0]}\n`, 'base64');
  const order = rows.map((_, i) => i);
  order.sort((a, b) => (rows[a]!.rowId < rows[b]!.rowId ? -1 : rows[a]!.rowId > rows[b]!.rowId ? 1 : 0));
  let text = '';
  for (const i of order) text += `${json[i]}\n`;
  return hash('sha1', text, 'base64');
}

export function npsnList(rows: readonly PersonRow[]): string {
  return [...new Set(rows.map((r) => r.npsn))].sort().join(',');
}
