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

const uuid = (i: number, prefix = 'f') =>
  `${prefix}${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`;

function pdLine(rowId: string, personId: string, extra: { date?: string; npsn?: string } = {}): string {
  const npsn = extra.npsn ?? '20100001';
  return `${rowId},${personId},,,Nama ${personId},L,${extra.date ?? '2012-01-01'},,${npsn},3,,`;
}

describe('duplicate row ids', () => {
  for (const [kind, id] of [
    ['a UUID', 'd0000000-0000-4000-8000-00000000000d'],
    ['another id', 'reg-dup'],
  ] as const) {
    test(`${kind} on two rows rejects both rows, naming each person, and is reported`, async () => {
      const pd = csv(PD_HEADER, [pdLine(id, 'pd-a'), PD_ROWS[1]!, pdLine(id, 'pd-b', { npsn: '20100002' })]);
      const { summary, rows } = await read(await writeExtract(fresh(), { pd }));
      const reason = `duplicate registrasi_id ${id} (lines 2, 4)`;
      assert.deepEqual(summary.rejects, [
        {
          file: 'peserta_didik.csv',
          line: 2,
          reason,
          kind: 'pd',
          rowId: id,
          personId: 'pd-a',
          npsn: '20100001',
        },
        {
          file: 'peserta_didik.csv',
          line: 4,
          reason,
          kind: 'pd',
          rowId: id,
          personId: 'pd-b',
          npsn: '20100002',
        },
      ]);
      assert.deepEqual([...summary.duplicateRowIds.pd], [id]);
      assert.equal(summary.duplicateRowIds.ptk.size, 0);
      // The sink saw both (it cannot know in advance); the caller drops them by duplicateRowIds.
      assert.equal(rows.filter((r) => r.rowId === id).length, 2);
      assert.deepEqual(summary.files[2], { file: 'peserta_didik.csv', rows: 3, accepted: 1, rejected: 2 });
    });
  }

  test('a row rejected for its own reason keeps that reason, and still makes its id a duplicate', async () => {
    const pd = csv(PD_HEADER, [pdLine('reg-x', 'pd-a'), pdLine('reg-x', 'pd-b', { date: '2012-02-30' })]);
    const { summary } = await read(await writeExtract(fresh(), { pd }));
    assert.deepEqual(
      summary.rejects.map((r) => [r.line, r.reason, r.personId]),
      [
        [2, 'duplicate registrasi_id reg-x (lines 2, 3)', 'pd-a'],
        [3, 'tanggal_lahir is not a valid date (YYYY-MM-DD)', 'pd-b'],
      ],
    );
    assert.deepEqual([...summary.duplicateRowIds.pd], ['reg-x']);
  });

  test('the same id in ptk.csv and peserta_didik.csv is not a duplicate', async () => {
    const ptk = csv(PTK_HEADER, [PTK_ROWS[1]!.replace('pt-2', 'shared')]);
    const pd = csv(PD_HEADER, [pdLine('shared', 'pd-a')]);
    const { summary } = await read(await writeExtract(fresh(), { ptk, pd }));
    assert.deepEqual(summary.rejects, []);
  });

  test('ids differing only in case are different ids', async () => {
    const lower = 'd0000000-0000-4000-8000-0000000000ab';
    const pd = csv(PD_HEADER, [pdLine(lower, 'pd-a'), pdLine(lower.toUpperCase(), 'pd-b')]);
    const { summary } = await read(await writeExtract(fresh(), { pd }));
    assert.deepEqual(summary.rejects, []);
  });

  test('in a large file every line of a duplicated id is found, the first ones read again for their person', async () => {
    const total = 30_000;
    const lines: string[] = [];
    for (let i = 0; i < total; i++) lines.push(pdLine(uuid(i), `pd-${i}`));
    // Row 7 (line 9) again near the end, and row 20 000 three times.
    lines.push(pdLine(uuid(7), 'pd-late'));
    lines[25_000] = pdLine(uuid(20_000), 'pd-again');
    lines[26_000] = pdLine(uuid(20_000), 'pd-third');
    const { summary, rows } = await read(await writeExtract(fresh(), { pd: csv(PD_HEADER, lines) }));
    assert.equal(rows.filter((r) => r.kind === 'pd').length, total + 1);
    assert.deepEqual(
      summary.rejects.map((r) => [r.line, r.personId, r.reason]),
      [
        [9, 'pd-7', `duplicate registrasi_id ${uuid(7)} (lines 9, ${total + 2})`],
        [20_002, 'pd-20000', `duplicate registrasi_id ${uuid(20_000)} (lines 20002, 25002, 26002)`],
        [25_002, 'pd-again', `duplicate registrasi_id ${uuid(20_000)} (lines 20002, 25002, 26002)`],
        [26_002, 'pd-third', `duplicate registrasi_id ${uuid(20_000)} (lines 20002, 25002, 26002)`],
        [total + 2, 'pd-late', `duplicate registrasi_id ${uuid(7)} (lines 9, ${total + 2})`],
      ],
    );
    assert.deepEqual(new Set(summary.duplicateRowIds.pd), new Set([uuid(7), uuid(20_000)]));
  });
});

describe('duplicate npsn in sekolah.csv', () => {
  test('every school row carrying it is rejected, and so are its people', async () => {
    const sekolah = csv(SEKOLAH_HEADER, [
      SCHOOL_ROWS[0]!,
      SCHOOL_ROWS[1]!,
      SCHOOL_ROWS[1]!.replace('SMP', 'SMA'),
    ]);
    const { summary } = await read(await writeExtract(fresh(), { sekolah }));
    assert.deepEqual(
      summary.rejects.map((r) => [r.file, r.line, r.reason]),
      [
        ['sekolah.csv', 3, 'duplicate npsn 20100002 (lines 3, 4)'],
        ['sekolah.csv', 4, 'duplicate npsn 20100002 (lines 3, 4)'],
        ['ptk.csv', 3, 'npsn 20100002 is rejected in sekolah.csv'],
        ['peserta_didik.csv', 3, 'npsn 20100002 is rejected in sekolah.csv'],
      ],
    );
    assert.equal(summary.schools.has('20100002'), false);
  });
});
