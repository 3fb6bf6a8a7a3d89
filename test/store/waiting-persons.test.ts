// Every sync reads the persons whose exit waits. They are a handful in a national store of millions of
// accounts, so the read must find them through the waiting_since index, and find exactly them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { waitingQuery } from '../../src/store/person-repository.js';
import { createRepositories } from '../../src/sync/repositories.js';
import { accountRow } from '../support/rows.js';
import { DIALECTS, skipReason, withFreshStore } from '../support/stores.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  test(
    `${dialect}: the persons whose exit waits are exactly those with a waiting account`,
    {
      skip: skips.get(dialect),
    },
    () =>
      withFreshStore(dialect, async (store) => {
        await store.db
          .insertInto('accounts')
          .values([
            accountRow(1, {
              person_id: 'p-waits',
              waiting_since: '2026-07-15',
              waiting_reason: 'out_of_scope',
            }),
            accountRow(2, { person_id: 'p-waits', jenjang: 'smp' }),
            accountRow(3, { person_id: 'p-plain' }),
            // The earliest text there is still counts as set: only NULL means not waiting.
            accountRow(4, { person_id: 'p-edge', waiting_since: '', waiting_reason: 'out_of_scope' }),
          ])
          .execute();
        const waiting = await createRepositories(store).persons.waitingPersons();
        assert.deepEqual([...waiting].sort(), ['p-edge', 'p-waits']);
      }),
  );
}

test('sqlite: the waiting read searches the waiting_since index instead of scanning every account', () =>
  withFreshStore('sqlite', async (store) => {
    const query = waitingQuery(store.db).compile();
    const literal = query.sql.replace('?', `'${String(query.parameters[0])}'`);
    const plan = await sql.raw<{ detail: string }>(`explain query plan ${literal}`).execute(store.db);
    const detail = plan.rows.map((r) => r.detail).join(' | ');
    assert.match(detail, /USING INDEX accounts_waiting_since_idx/);
    assert.doesNotMatch(detail, /SCAN accounts/);
  }));
