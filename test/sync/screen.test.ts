// The screening names who each partition's classification looks at. A partition whose persons are all
// new to the store is named `all`, not one id at a time: a national first load must not hold an id per
// person between its passes (issue 7). Re-keys are still matched across partitions whenever the store
// held anyone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PdRow } from '../../src/domain/records.js';
import type { PersonKeys } from '../../src/store/person-repository.js';
import { partitionRanges } from '../../src/sync/partitions.js';
import { type PartitionInput, type ScreenInput, screen } from '../../src/sync/rekey.js';

function pd(personId: string, nisn: string, npsn = '10000001'): PdRow {
  return {
    kind: 'pd',
    rowId: `reg-${personId}`,
    personId,
    nisn,
    nik: '',
    nama: 'Siti',
    jenisKelamin: 'P',
    tanggalLahir: '2015-01-01',
    email: '',
    npsn,
    tingkat: 3,
    jenisKeluar: '',
    tanggalKeluar: '',
  };
}

function keys(personId: string, nisn: string, npsns = ['10000001']): PersonKeys {
  return { personId, kind: 'pd', nisn, nik: '', tanggalLahir: '2015-01-01', rowsHash: 'h', npsns };
}

function input(parts: PartitionInput[], over: Partial<ScreenInput> = {}): ScreenInput {
  const ranges = partitionRanges(parts.length);
  return {
    persons: undefined as never, // every partition's input is given below
    partitions: undefined as never,
    partitionInput: async (range) => parts[range.index]!,
    ranges,
    inScope: () => true,
    hasRejects: () => false,
    waiting: new Set(),
    ...over,
  };
}

test('a first load names every partition `all` and gathers no newcomers to match', async () => {
  const parts = [
    { known: [], rows: new Map([['a', [pd('a', '001')]]]) },
    {
      known: [],
      rows: new Map([
        ['b', [pd('b', '002')]],
        ['c', [pd('c', '003')]],
      ]),
    },
  ];
  let reads = 0;
  const { work, rekeys } = await screen(
    input(parts, {
      storeEmpty: true,
      partitionInput: async (range) => {
        reads++;
        return parts[range.index]!;
      },
    }),
  );
  assert.deepEqual(
    [...work.values()].map((w) => w.ids),
    ['all', 'all'],
  );
  assert.equal(rekeys.byNew.size, 0);
  assert.equal(reads, 0, 'an empty store has nothing to screen: no partition is read (parsed) for it');
});

test('a newcomer in an `all` partition still takes over the id that vanished in another partition', async () => {
  const parts = [
    { known: [], rows: new Map([['new-id', [pd('new-id', '777')]]]) },
    // The same pupil (same NISN) is gone under the old id, from a school the extract speaks for.
    { known: [keys('old-id', '777')], rows: new Map() },
  ];
  const { work, rekeys } = await screen(input(parts));
  assert.equal(work.get(0)!.ids, 'all');
  assert.deepEqual([...(work.get(1)!.ids as Set<string>)], ['old-id']);
  assert.equal(rekeys.byNew.get('new-id'), 'old-id');
  assert.equal(rekeys.byOld.get('old-id'), 'new-id');
});

test('a partition with known persons names exactly those it must look at', async () => {
  const parts = [
    {
      known: [keys('gone', '100'), keys('stays-out', '101', ['99999999'])],
      rows: new Map([['fresh', [pd('fresh', '102')]]]),
    },
  ];
  const { work } = await screen(input(parts, { inScope: (npsn) => npsn !== '99999999' }));
  const ids = work.get(0)!.ids;
  assert.notEqual(ids, 'all');
  // `stays-out` has nothing in scope and is passed by; `gone` vanished; `fresh` is new.
  assert.deepEqual([...(ids as Set<string>)].sort(), ['fresh', 'gone']);
  assert.deepEqual(work.get(0)!.known, ['gone']);
});
