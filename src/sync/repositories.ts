// Repositories wired once over a store (STYLE 4).
import { createAddressRepository } from '../store/address-repository.js';
import { createPersonRepository } from '../store/person-repository.js';
import { createRunRepository } from '../store/run-repository.js';
import type { Store } from '../store/store.js';

export function createRepositories(store: Store) {
  const max = store.capabilities.maxBindParams;
  return {
    persons: createPersonRepository(store.db, max),
    addresses: createAddressRepository(store.db, max),
    runs: createRunRepository(store.db, max),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
