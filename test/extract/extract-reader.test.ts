import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PdRow, PtkRow } from '../../src/domain/records.js';
import {
  assertBadInput,
  csv,
  DEFAULT_FILES,
  PD_HEADER,
  PD_ROWS,
  PTK_HEADER,
  PTK_ROWS,
  read,
  SCHOOL_ROWS,
  SEKOLAH_HEADER,
  scratchDirs,
  writeExtract,
} from './fixtures.js';

const fresh = scratchDirs({ before, after });

describe('readExtract on a valid extract', () => {
  test('it returns the manifest, the schools keyed by npsn and a summary per file', async () => {
    const { summary } = await read(await writeExtract(fresh()));
    assert.deepEqual(summary.manifest, {
      snapshotId: 'snap-2025-07',
      takenAt: '2025-07-31',
      scope: { kind: 'national' },
      failedNpsn: [],
    });
    assert.deepEqual([...summary.schools.keys()], ['20100001', '20100002']);
    assert.deepEqual(summary.schools.get('20100002'), {
      sekolahId: 'a0000000-0000-4000-8000-000000000002',
      npsn: '20100002',
      nama: 'SMP Negeri 2 Contoh',
      bentukPendidikan: 'SMP',
      statusSekolah: 'Negeri',
      kodeWilayah: '016002',
    });
    assert.deepEqual(summary.files, [
      { file: 'sekolah.csv', rows: 2, accepted: 2, rejected: 0 },
      { file: 'ptk.csv', rows: 2, accepted: 2, rejected: 0 },
      { file: 'peserta_didik.csv', rows: 2, accepted: 2, rejected: 0 },
    ]);
    assert.deepEqual(summary.rejects, []);
    assert.equal(summary.duplicateRowIds.ptk.size, 0);
    assert.equal(summary.duplicateRowIds.pd.size, 0);
    assert.match(summary.contentHash, /^[0-9a-f]{64}$/);
  });

  test('every valid person row reaches the sink in file order with typed fields', async () => {
    const { rows } = await read(await writeExtract(fresh()));
    assert.deepEqual(
      rows.map((r) => [r.kind, r.rowId]),
      [
        ['ptk', 'b0000000-0000-4000-8000-000000000001'],
        ['ptk', 'pt-2'],
        ['pd', 'd0000000-0000-4000-8000-000000000001'],
        ['pd', 'reg-2'],
      ],
    );
    const siti = rows[0] as PtkRow;
    assert.deepEqual(siti, {
      kind: 'ptk',
      rowId: 'b0000000-0000-4000-8000-000000000001',
      personId: 'c0000000-0000-4000-8000-000000000001',
      nama: 'Siti Rahayu',
      nik: '3201010101800001',
      nuptk: '1234567890123456',
      nip: '198001012005012001',
      jenisKelamin: 'P',
      tanggalLahir: '1980-01-01',
      email: 'siti@example.org',
      jenisPtk: 'Guru Kelas',
      npsn: '20100001',
      ptkInduk: true,
      jenisKeluar: '',
      tanggalKeluar: '',
    });
    assert.equal((rows[1] as PtkRow).ptkInduk, false);
    const dodi = rows[3] as PdRow;
    assert.deepEqual(dodi, {
      kind: 'pd',
      rowId: 'reg-2',
      personId: 'pd-2',
      nisn: '0012345679',
      nik: '3201010101140002',
      nama: 'Dodi',
      jenisKelamin: 'L',
      tanggalLahir: '2010-07-08',
      email: 'dodi@example.org',
      npsn: '20100002',
      tingkat: 8,
      jenisKeluar: 'Mutasi',
      tanggalKeluar: '2025-01-15',
    });
    assert.equal((rows[2] as PdRow).tingkat, 4);
  });

  test('a file holding only its header is valid and has no rows', async () => {
    const dir = await writeExtract(fresh(), { ptk: `${PTK_HEADER}\n`, pd: PD_HEADER });
    const { summary, rows } = await read(dir);
    assert.deepEqual(summary.files.slice(1), [
      { file: 'ptk.csv', rows: 0, accepted: 0, rejected: 0 },
      { file: 'peserta_didik.csv', rows: 0, accepted: 0, rejected: 0 },
    ]);
    assert.equal(rows.length, 0);
  });

  test('every field is trimmed and jenis_keluar is kept as written', async () => {
    const row = '  reg-9 , pd-9 ,, ,  Putri  Ayu ,P, 2012-01-02 ,,20100001, 6 , Lulus ,2025-06-20 ';
    const { rows, summary } = await read(await writeExtract(fresh(), { pd: csv(PD_HEADER, [row]) }));
    assert.deepEqual(summary.rejects, []);
    const pd = rows.find((r) => r.kind === 'pd') as PdRow;
    assert.equal(pd.rowId, 'reg-9');
    assert.equal(pd.nama, 'Putri  Ayu');
    assert.equal(pd.tingkat, 6);
    assert.equal(pd.jenisKeluar, 'Lulus');
    assert.equal(pd.tanggalLahir, '2012-01-02');
  });

  test('blank lines are skipped and do not shift line numbers', async () => {
    const pd = `${PD_HEADER}\n\n${PD_ROWS[0]}\r\n\r\n${PD_ROWS[1]!.replace('2010-07-08', '2010-13-01')}\n\n`;
    const { summary } = await read(await writeExtract(fresh(), { pd }));
    assert.equal(summary.files[2]!.rows, 2);
    assert.deepEqual(
      summary.rejects.map((r) => [r.file, r.line]),
      [['peserta_didik.csv', 5]],
    );
  });
});

describe('readExtract on RFC 4180 details', () => {
  test('a BOM and CRLF line ends are accepted', async () => {
    const bom = '\uFEFF';
    const dir = await writeExtract(fresh(), {
      sekolah: bom + csv(SEKOLAH_HEADER, SCHOOL_ROWS, '\r\n'),
      ptk: bom + csv(PTK_HEADER, PTK_ROWS, '\r\n'),
      pd: bom + csv(PD_HEADER, PD_ROWS, '\r\n'),
    });
    const crlf = await read(dir);
    const plain = await read(await writeExtract(fresh()));
    assert.deepEqual(crlf.rows, plain.rows);
    assert.deepEqual([...crlf.summary.schools.values()], [...plain.summary.schools.values()]);
    assert.deepEqual(crlf.summary.rejects, []);
  });

  test('quoted fields hold commas, escaped quotes and line breaks, and later lines keep their numbers', async () => {
    const sekolah = csv(SEKOLAH_HEADER, [
      'a0000000-0000-4000-8000-000000000001,20100001,"SD Negeri 1, Cabang ""Timur""",SD,Negeri,016001',
      SCHOOL_ROWS[1]!,
      's-3,2010000X,SD Rusak,SD,Negeri,016003',
    ]);
    const pd = csv(PD_HEADER, [
      'reg-1,pd-1,0012345678,,"Lestari, Ani ""Ana""",P,2014-03-04,,20100001,4,,',
      'reg-2,pd-2,0012345679,,"Baris\nDua",L,2010-07-08,,20100002,8,,',
      'reg-3,pd-3,0012345670,,Citra,P,2010-02-30,,20100002,8,,',
    ]);
    const { summary, rows } = await read(await writeExtract(fresh(), { sekolah, pd }));
    assert.equal(summary.schools.get('20100001')?.nama, 'SD Negeri 1, Cabang "Timur"');
    assert.equal((rows.find((r) => r.rowId === 'reg-1') as PdRow).nama, 'Lestari, Ani "Ana"');
    const spanning = 'a quoted field holds a line break (the record spans lines 3-4; an unbalanced quote?)';
    assert.deepEqual(
      summary.rejects.map((r) => [r.file, r.line, r.reason, r.personId]),
      [
        ['sekolah.csv', 4, "npsn '2010000X' is not 8 digits", undefined],
        ['peserta_didik.csv', 3, spanning, 'pd-2'],
        ['peserta_didik.csv', 4, spanning, undefined],
        ['peserta_didik.csv', 5, 'tanggal_lahir is not a valid date (YYYY-MM-DD)', 'pd-3'],
      ],
    );
  });

  test('columns may come in any order, and extra columns are ignored', async () => {
    const header = PD_HEADER.split(',');
    const order = [...header.keys()].reverse();
    const reorder = (line: string, extra: string) =>
      [...order.map((i) => line.split(',')[i]), extra].join(',');
    const pd = csv(reorder(PD_HEADER, 'alamat'), [
      reorder(PD_ROWS[0]!, 'Jl. Mawar'),
      reorder(PD_ROWS[1]!, ''),
    ]);
    const shuffled = await read(await writeExtract(fresh(), { pd }));
    const plain = await read(await writeExtract(fresh()));
    assert.deepEqual(shuffled.rows, plain.rows);
    assert.deepEqual(shuffled.summary.rejects, []);
  });

  test('header names are matched without regard to case or surrounding spaces', async () => {
    const pd = csv(PD_HEADER.toUpperCase().replaceAll(',', ' , '), PD_ROWS);
    const { summary } = await read(await writeExtract(fresh(), { pd }));
    assert.equal(summary.files[2]!.accepted, 2);
  });

  test('a row that is not valid UTF-8 is rejected', async () => {
    const dir = await writeExtract(fresh());
    const bytes = Buffer.concat([
      Buffer.from(`${PD_HEADER}\n${PD_ROWS[0]}\nreg-2,pd-2,0012345679,,Bad `),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(',L,2010-07-08,,20100002,8,,\n'),
    ]);
    await writeFile(join(dir, 'peserta_didik.csv'), bytes);
    const { summary } = await read(dir);
    assert.deepEqual(
      summary.rejects.map((r) => [r.line, r.reason, r.personId]),
      [[3, 'invalid UTF-8 byte sequence', 'pd-2']],
    );
  });
});

describe('contentHash', () => {
  test('it is the same for the same bytes and changes when one byte changes', async () => {
    const a = (await read(await writeExtract(fresh()))).summary.contentHash;
    const b = (await read(await writeExtract(fresh()))).summary.contentHash;
    assert.equal(a, b);
    const pd = DEFAULT_FILES.pd.replace('Ani Lestari', 'Ani Lestarj');
    const c = (await read(await writeExtract(fresh(), { pd }))).summary.contentHash;
    assert.notEqual(c, a);
    const manifest = '{"snapshot_id":"snap-2025-07","taken_at":"2025-07-31","scope":{"kind":"national"}} ';
    const d = (await read(await writeExtract(fresh(), { manifest }))).summary.contentHash;
    assert.notEqual(d, a);
  });

  test('moving bytes from the end of one file to the start of the next changes it', async () => {
    const a = await writeExtract(fresh(), { ptk: `${PTK_HEADER}\n`, pd: csv(PD_HEADER, PD_ROWS) });
    const b = await writeExtract(fresh(), { ptk: PTK_HEADER, pd: `\n${csv(PD_HEADER, PD_ROWS)}` });
    const hashA = (await read(a)).summary.contentHash;
    const hashB = (await read(b)).summary.contentHash;
    assert.notEqual(hashA, hashB);
  });
});

describe('readExtract on an unreadable file', () => {
  test('an empty file has no header and is bad input', async () => {
    await assertBadInput(await writeExtract(fresh(), { ptk: '' }), /ptk\.csv is empty/);
  });
});
