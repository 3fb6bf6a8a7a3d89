// The store's side of the Google connector's AccountFacts: a school's province (from kode_wilayah,
// remembered per process) and an account's initial password, opened from its sealed value — or, for
// an account created before initial passwords existed, made and sealed now ("on first need"), so the
// password Google gets is the one Unduh Akun later gives the school.
import type { CredentialVault } from '../security/credential-vault.js';
import { createCredentialRepository } from '../store/credential-repository.js';
import type { Store } from '../store/store.js';
import type { AccountFacts } from './google-connector.js';

export function storeAccountFacts(store: Store, vault: CredentialVault): AccountFacts {
  const provinces = new Map<string, string | undefined>();
  const credentials = createCredentialRepository(store.db, store.bulk);
  return {
    async provinceOf(npsn) {
      if (!provinces.has(npsn)) {
        const school = await store.db
          .selectFrom('schools')
          .select('kode_wilayah')
          .where('npsn', '=', npsn)
          .executeTakeFirst();
        provinces.set(npsn, school ? school.kode_wilayah.slice(0, 2) : undefined);
      }
      return provinces.get(npsn);
    },
    async initialPassword(accountId) {
      const [row] = await credentials.ofAccounts([accountId]);
      if (row) return vault.open(accountId, row.sealed);
      const made = vault.issue(accountId);
      try {
        await credentials.insert(store.db, [
          {
            account_id: accountId,
            sealed: made.sealed,
            created_at: new Date().toISOString(),
            downloaded_at: null,
            downloaded_by: null,
          },
        ]);
        return made.password;
      } catch {
        // Another process sealed one first: that one is the account's.
        const [again] = await credentials.ofAccounts([accountId]);
        return again ? vault.open(accountId, again.sealed) : undefined;
      }
    },
  };
}
