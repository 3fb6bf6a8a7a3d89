import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  assertBadInput,
  csv,
  MANIFEST,
  PD_HEADER,
  PD_ROWS,
  PTK_HEADER,
  PTK_ROWS,
  read,
  scratchDirs,
  writeExtract,
} from './fixtures.js';

const fresh = scratchDirs({ before, after });

describe('a missing file or column', () => {
  for (const [file, key] of [
    ['manifest.json', 'manifest'],
    ['sekolah.csv', 'sekolah'],
    ['ptk.csv', 'ptk'],
    ['peserta_didik.csv', 'pd'],
  ] as const) {
    test(`a missing ${file} is bad input naming it`, async () => {
      const rows = await assertBadInput(
        await writeExtract(fresh(), { [key]: null }),
        new RegExp(`missing ${file}`),
      );
      assert.equal(rows.length, 0);
    });
  }

  test('a directory that does not exist is bad input', async () => {
    await assertBadInput(join(fresh(), 'nowhere'), /does not exist/);
  });

  test('a missing column in the last file fails before any row reaches the sink', async () => {
    const header = PD_HEADER.replace(',tingkat_pendidikan', '');
    const rows = PD_ROWS.map((r) => r.split(',').toSpliced(9, 1).join(','));
    const dir = await writeExtract(fresh(), { pd: csv(header, rows) });
    const sunk = await assertBadInput(dir, /peserta_didik\.csv is missing column tingkat_pendidikan/);
    assert.equal(sunk.length, 0);
  });

  test('every missing column of a file is named', async () => {
    const header = PTK_HEADER.replace('nuptk,nip,', '');
    await assertBadInput(
      await writeExtract(fresh(), { ptk: csv(header, []) }),
      /ptk\.csv is missing columns nuptk, nip/,
    );
  });

  test('a column given twice is bad input', async () => {
    await assertBadInput(
      await writeExtract(fresh(), { ptk: csv(`${PTK_HEADER},npsn`, []) }),
      /npsn more than once/,
    );
  });
});

describe('an invalid manifest', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['text that is not JSON', '{"snapshot_id": ', /not valid JSON/],
    ['an array', [], /JSON object/],
    ['no snapshot_id', { ...MANIFEST, snapshot_id: undefined }, /snapshot_id/],
    ['an empty snapshot_id', { ...MANIFEST, snapshot_id: '  ' }, /snapshot_id/],
    ['a numeric snapshot_id', { ...MANIFEST, snapshot_id: 7 }, /snapshot_id/],
    ['no taken_at', { ...MANIFEST, taken_at: undefined }, /taken_at/],
    ['a taken_at that is not a date', { ...MANIFEST, taken_at: '2025-02-30' }, /taken_at "2025-02-30"/],
    ['a taken_at in another format', { ...MANIFEST, taken_at: '31-07-2025' }, /taken_at/],
    ['no scope', { ...MANIFEST, scope: undefined }, /scope/],
    ['an unknown scope kind', { ...MANIFEST, scope: { kind: 'kota' } }, /scope\.kind "kota"/],
    ['a provinsi scope without codes', { ...MANIFEST, scope: { kind: 'provinsi' } }, /scope\.codes/],
    [
      'a provinsi scope with no codes',
      { ...MANIFEST, scope: { kind: 'provinsi', codes: [] } },
      /scope\.codes/,
    ],
    [
      'a provinsi code of one digit',
      { ...MANIFEST, scope: { kind: 'provinsi', codes: ['1'] } },
      /scope\.codes/,
    ],
    ['a sekolah scope with no npsn', { ...MANIFEST, scope: { kind: 'sekolah', npsn: [] } }, /scope\.npsn/],
    [
      'a sekolah npsn of 7 digits',
      { ...MANIFEST, scope: { kind: 'sekolah', npsn: ['1234567'] } },
      /scope\.npsn/,
    ],
    ['failed_npsn that is not an array', { ...MANIFEST, failed_npsn: '20100001' }, /failed_npsn/],
    ['failed_npsn holding a non-NPSN', { ...MANIFEST, failed_npsn: ['20100001', 20100002] }, /failed_npsn/],
  ];
  for (const [what, manifest, message] of cases) {
    test(`a manifest with ${what} is bad input`, async () => {
      await assertBadInput(await writeExtract(fresh(), { manifest }), message);
    });
  }
});

describe('a truncated file', () => {
  test('a file ending inside a quoted field is bad input naming the file and line', async () => {
    const pd = `${PD_HEADER}\n${PD_ROWS[0]}\nreg-2,pd-2,0012345679,,"Dodi`;
    await assertBadInput(await writeExtract(fresh(), { pd }), /peserta_didik\.csv is truncated.*line 3/);
  });

  test('a quote left open near the end swallows the rest and is bad input', async () => {
    const ptk = `${PTK_HEADER}\n"${PTK_ROWS[0]}\n${PTK_ROWS[1]}\n`;
    await assertBadInput(await writeExtract(fresh(), { ptk }), /ptk\.csv is truncated.*line 2/);
  });

  test('a quote left open early in a big file is bad input once its record passes 1 MiB', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => PD_ROWS[0]!.replace('d0000000-', `d${i}-`));
    rows[1] = rows[1]!.replace('Ani Lestari', '"Ani Lestari');
    const dir = await writeExtract(fresh(), { pd: csv(PD_HEADER, rows) });
    await assertBadInput(
      dir,
      /peserta_didik\.csv: the record starting at line 3 is longer than 1048576 bytes/,
    );
  });

  test('a last line with too few fields and no final newline is bad input', async () => {
    const pd = `${PD_HEADER}\n${PD_ROWS[0]}\nreg-2,pd-2,0012345679,,Do`;
    await assertBadInput(await writeExtract(fresh(), { pd }), /peserta_didik\.csv is truncated.*\(3\)/);
  });

  test('a last line with too few fields but a final newline is only a rejected row', async () => {
    const pd = `${PD_HEADER}\n${PD_ROWS[0]}\nreg-2,pd-2,0012345679,,Do\n`;
    const { summary, rows } = await read(await writeExtract(fresh(), { pd }));
    assert.equal(rows.filter((r) => r.kind === 'pd').length, 1);
    assert.deepEqual(summary.rejects, [
      {
        file: 'peserta_didik.csv',
        line: 3,
        reason: 'expected 12 fields, found 5',
        kind: 'pd',
        rowId: 'reg-2',
        personId: 'pd-2',
        maybePersonIds: ['reg-2', 'pd-2', '0012345679', 'Do'],
      },
    ]);
  });

  test('a last line with all its fields and no final newline is an ordinary row', async () => {
    const pd = `${PD_HEADER}\n${PD_ROWS[0]}\n${PD_ROWS[1]}`;
    const { summary } = await read(await writeExtract(fresh(), { pd }));
    assert.equal(summary.files[2]!.accepted, 2);
  });
});
