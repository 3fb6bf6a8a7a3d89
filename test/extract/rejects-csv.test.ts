import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Papa from 'papaparse';
import type { RejectedRow } from '../../src/domain/records.js';
import { writeRejectsCsv } from '../../src/extract/extract-reader.js';
import { tempDir } from './fixtures.js';

const REJECTS: RejectedRow[] = [
  { file: 'ptk.csv', line: 3, reason: 'nip is not 18 digits', kind: 'ptk', rowId: 'pt-2', personId: 'ptk-2' },
  {
    file: 'peserta_didik.csv',
    line: 12,
    reason: 'duplicate registrasi_id a,"b" (lines 4, 12)',
    rowId: 'a,"b"',
    personId: 'line\nbreak',
  },
  { file: 'sekolah.csv', line: 1_000_000, reason: "kode_wilayah ' 1' is not at least 2 digits" },
  { file: 'peserta_didik.csv', line: 5, reason: ' leading space', personId: 'p-5' },
];

test('writeRejectsCsv writes a CSV that parses back to the same rejects, creating its directory', async () => {
  const path = join(await tempDir(after), 'data', 'rejects', 'run-1.csv');
  await writeRejectsCsv(path, REJECTS);
  const parsed = Papa.parse<string[]>(await readFile(path, 'utf8'), { skipEmptyLines: true });
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.data[0], ['file', 'line', 'reason', 'row_id', 'person_id']);
  assert.deepEqual(
    parsed.data.slice(1),
    REJECTS.map((r) => [r.file, String(r.line), r.reason, r.rowId ?? '', r.personId ?? '']),
  );
});

test('writeRejectsCsv replaces an earlier file and writes only the header for no rejects', async () => {
  const path = join(await tempDir(after), 'rejects.csv');
  await writeRejectsCsv(path, REJECTS);
  await writeRejectsCsv(path, []);
  assert.equal(await readFile(path, 'utf8'), 'file,line,reason,row_id,person_id\n');
});

test('writeRejectsCsv handles many rejects', async () => {
  const path = join(await tempDir(after), 'many.csv');
  const many = Array.from({ length: 20_000 }, (_, i) => ({ file: 'ptk.csv', line: i + 2, reason: `r ${i}` }));
  await writeRejectsCsv(path, many);
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
  assert.equal(lines.length, 20_001);
  assert.equal(lines.at(-1), 'ptk.csv,20001,r 19999,,');
});
