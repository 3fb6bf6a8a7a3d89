// A sync allocating new addresses asks the store which numbers each (domain, local base) has issued.
// The store answers from migration 011's index: per group a count and a range, listing the numbers only
// of a group with gaps. Whatever the shape, the answer must be exactly the numbers issued in that group,
// no other domain's and no other base's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createRepositories } from '../../src/sync/repositories.js';
import { DIALECTS, skipReason, withFreshStore } from '../support/stores.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

const SD = 'sd.belajar.id';
const GURU = 'guru.belajar.id';

function issued(base: string, domain: string, numbers: number[]) {
  return numbers.map((number) => ({
    address: `${base}${number}@${domain}`,
    domain,
    local_base: base,
    number,
    kind: 'primary',
    account_id: number,
    issued_run_id: 1,
  }));
}

const rows = [
  ...issued('budi', SD, [1, 2, 3, 4, 5]), // dense
  ...issued('budi', GURU, [1, 2, 4, 9]), // gaps
  ...issued('ani', SD, [7]), // one, not at the start
  ...issued('citra', SD, [1, 2]), // not asked for
];

function numbersOf(set: { has(n: number): boolean }): number[] {
  const out: number[] = [];
  for (let n = 0; n <= 20; n++) if (set.has(n)) out.push(n);
  return out;
}

for (const dialect of DIALECTS) {
  test(
    `${dialect}: taken numbers are exactly each group's issued numbers, dense or with gaps`,
    { skip: skips.get(dialect) },
    () =>
      withFreshStore(dialect, async (store) => {
        await store.db.insertInto('addresses').values(rows).execute();
        const repos = createRepositories(store);
        const taken = await repos.addresses.takenNumbers([
          { domain: SD, base: 'budi' },
          { domain: GURU, base: 'budi' },
          { domain: SD, base: 'ani' },
          { domain: GURU, base: 'ani' },
          { domain: SD, base: 'dewi' },
        ]);
        assert.deepEqual(
          [...taken].map(([key, set]) => [key, numbersOf(set)]),
          [
            [`${SD}|budi`, [1, 2, 3, 4, 5]],
            [`${GURU}|budi`, [1, 2, 4, 9]],
            [`${SD}|ani`, [7]],
            [`${GURU}|ani`, []],
            [`${SD}|dewi`, []],
          ],
        );
        assert.equal(taken.get(`${SD}|budi`)!.freeFrom(1), 6);
        assert.equal(taken.get(`${GURU}|budi`)!.freeFrom(1), 3);
      }),
  );
}

test('sqlite: the count and range per group come from the index alone', () =>
  withFreshStore('sqlite', async (store) => {
    const plan = await sql<{ detail: string }>`explain query plan
      select domain, local_base, count(*), min(number), max(number) from addresses
      where local_base in ('budi', 'ani') group by local_base, domain`.execute(store.db);
    assert.match(plan.rows.map((r) => r.detail).join(' | '), /COVERING INDEX addresses_base_number_idx/);
  }));
