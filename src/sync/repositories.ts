// Repositories wired once over a store (STYLE 4).
import { createAddressRepository } from '../store/address-repository.js';
import { createAppealRepository } from '../store/appeal-repository.js';
import { createCredentialRepository } from '../store/credential-repository.js';
import { createHoldRepository } from '../store/hold-repository.js';
import { createPersonRepository } from '../store/person-repository.js';
import { createRunRepository } from '../store/run-repository.js';
import type { Store } from '../store/store.js';

export function createRepositories(store: Store) {
  const bulk = store.bulk;
  return {
    persons: createPersonRepository(store.db, bulk),
    addresses: createAddressRepository(store.db, bulk),
    runs: createRunRepository(store.db, bulk),
    holds: createHoldRepository(store.db, bulk),
    credentials: createCredentialRepository(store.db, bulk),
    appeals: createAppealRepository(store.db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
