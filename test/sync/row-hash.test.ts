// The rows hash is stored in persons.rows_hash and compared by every later sync: the one-shot form a
// first load uses must give exactly the hash of the incremental form stores were written with.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import type { PersonRow } from '../../src/domain/records.js';
import { rowsHash, rowsHashOfJson } from '../../src/sync/row-hash.js';

/** The hash as stores hold it: rows in row-id order, each as JSON and a line feed, SHA-1, base64. */
function reference(rows: PersonRow[]): string {
  const sorted = [...rows].sort((a, b) => (a.rowId < b.rowId ? -1 : a.rowId > b.rowId ? 1 : 0));
  const h = createHash('sha1');
  for (const row of sorted) h.update(JSON.stringify(row)).update('\n');
  return h.digest('base64');
}

const row = fc.record({
  kind: fc.constant('pd' as const),
  rowId: fc.string({ minLength: 1, maxLength: 8 }),
  personId: fc.constant('p-1'),
  nama: fc.string(),
  npsn: fc.stringMatching(/^[0-9]{8}$/),
  tingkat: fc.integer({ min: 1, max: 13 }),
});

test('the one-shot rows hash equals the incremental one, whatever the rows and their order', () => {
  fc.assert(
    fc.property(fc.array(row, { minLength: 0, maxLength: 4 }), (generated) => {
      const rows = generated as unknown as PersonRow[];
      const want = reference(rows);
      assert.equal(rowsHash(rows), want);
      assert.equal(
        rowsHashOfJson(
          rows,
          rows.map((r) => JSON.stringify(r)),
        ),
        want,
      );
    }),
  );
});
