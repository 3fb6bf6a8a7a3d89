import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  csv,
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

const PD_COLS = PD_HEADER.split(',');
const PTK_COLS = PTK_HEADER.split(',');

/** PD_ROWS[1] (reg-2, pd-2) with some columns changed. */
function pdRow(changes: Record<string, string>): string {
  const fields = PD_ROWS[1]!.split(',');
  for (const [column, value] of Object.entries(changes)) fields[PD_COLS.indexOf(column)] = value;
  return fields.join(',');
}

/** PTK_ROWS[1] (pt-2, ptk-2) with some columns changed. */
function ptkRow(changes: Record<string, string>): string {
  const fields = PTK_ROWS[1]!.split(',');
  for (const [column, value] of Object.entries(changes)) fields[PTK_COLS.indexOf(column)] = value;
  return fields.join(',');
}

/** Reads an extract whose peserta_didik.csv has a good row, `row`, then a good row again. */
async function rejectsOfPd(row: string) {
  const pd = csv(PD_HEADER, [PD_ROWS[0]!, row, PD_ROWS[0]!.replace('d0000000-', 'd1111111-')]);
  const { summary, rows } = await read(await writeExtract(fresh(), { pd }));
  return { rejects: summary.rejects, pdRows: rows.filter((r) => r.kind === 'pd'), summary };
}

async function rejectsOfPtk(row: string) {
  const { summary } = await read(await writeExtract(fresh(), { ptk: csv(PTK_HEADER, [PTK_ROWS[0]!, row]) }));
  return summary.rejects;
}

describe('peserta_didik.csv row rules', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    [
      'a birth date that is not a calendar date',
      { tanggal_lahir: '2011-02-30' },
      'tanggal_lahir is not a valid date',
    ],
    ['a birth date in another format', { tanggal_lahir: '08/07/2010' }, 'tanggal_lahir is not a valid date'],
    ['no birth date', { tanggal_lahir: '' }, 'tanggal_lahir is empty'],
    [
      'an exit date that is not a calendar date',
      { tanggal_keluar: '2021-02-30' },
      "tanggal_keluar '2021-02-30'",
    ],
    ['a NISN with letters', { nisn: '00123456AB' }, 'nisn is not 10 digits'],
    ['a NISN of 9 digits', { nisn: '001234567' }, 'nisn is not 10 digits'],
    ['a NIK of 15 digits', { nik: '320101010114000' }, 'nik is not 16 digits'],
    ['a name with a control character', { nama: 'Do\u0007di' }, 'nama contains a control character'],
    ['a name of 101 characters', { nama: 'A'.repeat(101) }, 'nama is longer than 100 characters'],
    ['a name of spaces only', { nama: '   ' }, 'nama is empty'],
    [
      'a tingkat of 14',
      { tingkat_pendidikan: '14' },
      "tingkat_pendidikan '14' is not an integer from 0 to 13",
    ],
    ['a tingkat that is not an integer', { tingkat_pendidikan: '7.5' }, "tingkat_pendidikan '7.5'"],
    ['a negative tingkat', { tingkat_pendidikan: '-1' }, "tingkat_pendidikan '-1'"],
    ['no tingkat', { tingkat_pendidikan: '' }, 'tingkat_pendidikan is empty'],
    ['an npsn not in sekolah.csv', { npsn: '20109999' }, 'npsn 20109999 is not in sekolah.csv'],
    ['an npsn of 7 digits', { npsn: '2010000' }, "npsn '2010000' is not 8 digits"],
    ['an e-mail without a domain', { email: 'dodi@' }, 'email is not a valid address'],
    ['an e-mail with a space', { email: 'do di@example.org' }, 'email is not a valid address'],
    [
      'a person id longer than 64 characters',
      { peserta_didik_id: 'p'.repeat(65) },
      'peserta_didik_id is longer',
    ],
  ];
  for (const [what, changes, reason] of cases) {
    test(`a row with ${what} is rejected and reading goes on`, async () => {
      const { rejects, pdRows, summary } = await rejectsOfPd(pdRow(changes));
      assert.equal(rejects.length, 1, JSON.stringify(rejects));
      const [reject] = rejects;
      assert.equal(reject!.file, 'peserta_didik.csv');
      assert.equal(reject!.line, 3);
      assert.ok(reject!.reason.startsWith(reason), `${reject!.reason} should start with ${reason}`);
      assert.equal(reject!.kind, 'pd');
      assert.equal(reject!.rowId, 'reg-2');
      if (!('peserta_didik_id' in changes)) assert.equal(reject!.personId, 'pd-2');
      assert.equal(pdRows.length, 2);
      assert.deepEqual(summary.files[2], { file: 'peserta_didik.csv', rows: 3, accepted: 2, rejected: 1 });
    });
  }

  test('a name of exactly 100 characters, counted in characters, is accepted', async () => {
    const { rejects, pdRows } = await rejectsOfPd(pdRow({ nama: 'É'.repeat(99) + '𝓐' }));
    assert.deepEqual(rejects, []);
    assert.equal(pdRows[1]!.nama.length, 101);
  });

  test('empty NIK, NISN and e-mail are normal, and tingkat 0 is PAUD', async () => {
    const { rejects, pdRows } = await rejectsOfPd(
      pdRow({ nik: '', nisn: '', email: '', tingkat_pendidikan: '0' }),
    );
    assert.deepEqual(rejects, []);
    assert.equal((pdRows[1] as { tingkat: number }).tingkat, 0);
  });

  test('a row without its row id is rejected naming its person', async () => {
    const { rejects } = await rejectsOfPd(pdRow({ registrasi_id: '' }));
    assert.deepEqual(rejects, [
      {
        file: 'peserta_didik.csv',
        line: 3,
        reason: 'registrasi_id is empty',
        kind: 'pd',
        personId: 'pd-2',
        npsn: '20100002',
      },
    ]);
  });

  test('a row with too many fields is rejected, naming the ids found where they belong', async () => {
    const { rejects } = await rejectsOfPd(pdRow({ nama: 'Dodi, S.Pd.' }));
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason, r.rowId, r.personId]),
      [[3, 'expected 12 fields, found 13', 'reg-2', 'pd-2']],
    );
  });

  test('a stray quote that swallows line breaks rejects each line it spans, naming each person', async () => {
    const pd = csv(PD_HEADER, [
      PD_ROWS[0]!,
      pdRow({ nama: '"Dodi' }),
      pdRow({ registrasi_id: 'reg-3', peserta_didik_id: 'pd-3', nama: 'Eka"' }),
      pdRow({ registrasi_id: 'reg-4', peserta_didik_id: 'pd-4' }),
    ]);
    const { summary, rows } = await read(await writeExtract(fresh(), { pd }));
    assert.deepEqual(
      summary.rejects.map((r) => [r.line, r.rowId, r.personId]),
      [
        [3, 'reg-2', 'pd-2'],
        [4, 'reg-3', 'pd-3'],
      ],
    );
    assert.match(
      summary.rejects[0]!.reason,
      /line break \(the record spans lines 3-4; an unbalanced quote\?\)/,
    );
    assert.deepEqual(
      rows.filter((r) => r.kind === 'pd').map((r) => r.rowId),
      ['d0000000-0000-4000-8000-000000000001', 'reg-4'],
    );
    assert.deepEqual(summary.files[2], { file: 'peserta_didik.csv', rows: 4, accepted: 2, rejected: 2 });
  });

  test('text after a closing quote rejects the row', async () => {
    const { rejects } = await rejectsOfPd(pdRow({ nama: '"Dodi" Santoso' }));
    assert.deepEqual(
      rejects.map((r) => [r.reason, r.personId]),
      [['malformed quoted field in column nama (text after the closing quote)', 'pd-2']],
    );
  });
});

describe('ptk.csv row rules', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['a NIP of 17 digits', { nip: '19800101200501200' }, 'nip is not 18 digits'],
    ['a NUPTK with a letter', { nuptk: '123456789012345X' }, 'nuptk is not 16 digits'],
    ['a NIK of 17 digits', { nik: '32010101018000011' }, 'nik is not 16 digits'],
    ['a ptk_induk of 2', { ptk_induk: '2' }, "ptk_induk '2' is not 1, 0 or empty"],
    ['a ptk_induk of true', { ptk_induk: 'true' }, "ptk_induk 'true'"],
    ['no jenis_ptk', { jenis_ptk: '' }, 'jenis_ptk is empty'],
    ['no ptk_id', { ptk_id: '' }, 'ptk_id is empty'],
    ['a birth date of 29 February in a common year', { tanggal_lahir: '1975-02-29' }, 'tanggal_lahir is not'],
  ];
  for (const [what, changes, reason] of cases) {
    test(`a row with ${what} is rejected`, async () => {
      const rejects = await rejectsOfPtk(ptkRow(changes));
      assert.equal(rejects.length, 1, JSON.stringify(rejects));
      assert.equal(rejects[0]!.file, 'ptk.csv');
      assert.equal(rejects[0]!.line, 3);
      assert.equal(rejects[0]!.kind, 'ptk');
      assert.equal(rejects[0]!.rowId, 'pt-2');
      assert.ok(rejects[0]!.reason.startsWith(reason), rejects[0]!.reason);
    });
  }

  test('an empty ptk_induk is false and 29 February of a leap year is a date', async () => {
    const { rows } = await read(
      await writeExtract(fresh(), {
        ptk: csv(PTK_HEADER, [ptkRow({ ptk_induk: '', tanggal_lahir: '1976-02-29' })]),
      }),
    );
    assert.equal(rows[0]?.kind === 'ptk' && rows[0].ptkInduk, false);
  });
});

describe('sekolah.csv row rules', () => {
  test('a school row with a bad npsn, kode_wilayah or name is rejected, and its people with it', async () => {
    const sekolah = csv(SEKOLAH_HEADER, [
      SCHOOL_ROWS[0]!,
      SCHOOL_ROWS[1]!.replace('016002', '1'),
      's-3,20100003,,SD,Negeri,016003',
      's-4,20100004,SD Empat,SD,Negeri,01-600',
    ]);
    const { summary, rows } = await read(await writeExtract(fresh(), { sekolah }));
    assert.deepEqual(
      summary.rejects.map((r) => [r.file, r.line, r.reason]),
      [
        ['sekolah.csv', 3, "kode_wilayah '1' is not at least 2 digits"],
        ['sekolah.csv', 4, 'nama is empty'],
        ['sekolah.csv', 5, "kode_wilayah '01-600' is not at least 2 digits"],
        ['ptk.csv', 3, 'npsn 20100002 is rejected in sekolah.csv'],
        ['peserta_didik.csv', 3, 'npsn 20100002 is rejected in sekolah.csv'],
      ],
    );
    assert.deepEqual([...summary.schools.keys()], ['20100001']);
    assert.equal(rows.length, 2);
  });
});
