// What the Google connector learns from the store: a school's province, and an account's own
// initial password — the one Unduh Akun gives the school — made on first need when it has none.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { storeAccountFacts } from '../../src/provision/account-facts.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { NPSN, type WebWorld, webWorld } from '../web/web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  describe(`account facts on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    before(async () => {
      world = await webWorld(dialect, 1);
    });
    after(() => world.close());

    async function accountOf(personId: string): Promise<number> {
      const row = await world.store.db
        .selectFrom('accounts')
        .select('id')
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow();
      return row.id;
    }

    test("a school's province is the start of its kode_wilayah; an unknown school has none", async () => {
      const facts = storeAccountFacts(world.store, world.deps.vault);
      assert.equal(await facts.provinceOf(NPSN.sdA), '32');
      assert.equal(await facts.provinceOf(NPSN.sdC), '51');
      assert.equal(await facts.provinceOf('99999999'), undefined);
    });

    test('the initial password is the sealed one the sync made', async () => {
      const id = await accountOf('pd-a-00');
      const sealed = await world.store.db
        .selectFrom('account_credentials')
        .select('sealed')
        .where('account_id', '=', id)
        .executeTakeFirstOrThrow();
      const facts = storeAccountFacts(world.store, world.deps.vault);
      assert.equal(await facts.initialPassword(id), world.deps.vault.open(id, sealed.sealed));
    });

    test('an account without one gets one now, kept, so the next answer is the same', async () => {
      const id = await accountOf('pd-a-01');
      await world.store.db.deleteFrom('account_credentials').where('account_id', '=', id).execute();
      const facts = storeAccountFacts(world.store, world.deps.vault);
      const made = await facts.initialPassword(id);
      assert.match(made ?? '', /^[A-HJ-NP-Za-km-z2-9]{14}$/);
      const stored = await world.store.db
        .selectFrom('account_credentials')
        .select('sealed')
        .where('account_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(world.deps.vault.open(id, stored.sealed), made);
      assert.equal(await facts.initialPassword(id), made);
    });
  });
}
