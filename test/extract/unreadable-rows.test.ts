// Rows whose fields cannot be told apart still say which persons they may be about, so a row the
// reader cannot read never makes its person look absent (DESIGN 2, "Scope"); school names follow
// the `nama` rule. Regressions found by the bad-input corpus (test/corpus, issue 9).
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

describe('a row whose fields cannot be told apart', () => {
  test('a row separated by semicolons is rejected with a hint, and its pieces name its person', async () => {
    const ptk = csv(PTK_HEADER, [PTK_ROWS[0]!, PTK_ROWS[1]!.replaceAll(',', ';')]);
    const { summary, rows } = await read(await writeExtract(fresh(), { ptk }));
    assert.equal(rows.filter((r) => r.kind === 'ptk').length, 1);
    const [reject] = summary.rejects;
    assert.equal(reject?.reason, 'expected 14 fields, found 1 (separated by semicolons instead of commas?)');
    assert.equal(reject?.rowId, undefined, 'the whole line is no row id');
    assert.equal(reject?.personId, undefined);
    assert.ok(reject?.maybePersonIds?.includes('ptk-2'));
  });

  test('a row that lost its first field keeps its real person id among its pieces', async () => {
    const pd = csv(PD_HEADER, [PD_ROWS[0]!, PD_ROWS[1]!.slice(PD_ROWS[1]!.indexOf(',') + 1)]);
    const { summary } = await read(await writeExtract(fresh(), { pd }));
    const [reject] = summary.rejects;
    assert.equal(reject?.reason, 'expected 12 fields, found 11');
    assert.equal(reject?.personId, '0012345679', 'the positional guess is wrong');
    assert.ok(reject?.maybePersonIds?.includes('pd-2'));
  });

  test('every line swallowed by a stray quote keeps its pieces', async () => {
    const broken = PD_ROWS[1]!.replace('Dodi', '"Dodi');
    const pd = csv(PD_HEADER, [broken, `${PD_ROWS[0]!.replace('Ani Lestari', 'Ani"')}`]);
    const { summary } = await read(await writeExtract(fresh(), { pd }));
    assert.deepEqual(
      summary.rejects.map((r) => r.line),
      [2, 3],
    );
    assert.ok(summary.rejects[0]?.maybePersonIds?.includes('pd-2'));
    assert.ok(summary.rejects[1]?.maybePersonIds?.includes('e0000000-0000-4000-8000-000000000001'));
  });

  test('a row read whole carries no guesses', async () => {
    const pd = csv(PD_HEADER, [PD_ROWS[0]!, PD_ROWS[1]!.replace('0012345679', '001234567X')]);
    const { summary } = await read(await writeExtract(fresh(), { pd }));
    assert.equal(summary.rejects[0]?.personId, 'pd-2');
    assert.equal(summary.rejects[0]?.maybePersonIds, undefined);
  });
});

describe('a school name', () => {
  for (const [what, nama, reason] of [
    ['a line break', '"SD Negeri 1\nContoh"', 'nama contains a control character'],
    ['a control character', 'SD Negeri 1\u0007Contoh', 'nama contains a control character'],
    ['101 characters', 'S'.repeat(101), 'nama is longer than 100 characters'],
  ] as const) {
    test(`with ${what} rejects the school row, and its people with it`, async () => {
      const sekolah = csv(SEKOLAH_HEADER, [
        SCHOOL_ROWS[0]!.replace('SD Negeri 1 Contoh', nama),
        SCHOOL_ROWS[1]!,
      ]);
      const { summary } = await read(await writeExtract(fresh(), { sekolah }));
      assert.deepEqual([...summary.schools.keys()], ['20100002']);
      assert.deepEqual(
        summary.rejects.map((r) => [r.file, r.reason]),
        [
          ['sekolah.csv', reason],
          ['ptk.csv', 'npsn 20100001 is rejected in sekolah.csv'],
          ['peserta_didik.csv', 'npsn 20100001 is rejected in sekolah.csv'],
        ],
      );
    });
  }
});
