// The screening's narrow view of chosen persons (the byte scan's candidates): the same columns
// screenRange reads for a whole partition, for a list of ids instead.
import { type PersonKeys, personKeysOf } from './person-repository.js';
import type { Store } from './store.js';

export async function screenKeysByIds(
  store: Store,
  ids: readonly string[],
): Promise<Map<string, PersonKeys>> {
  const out = new Map<string, PersonKeys>();
  const chunk = Math.max(1, Math.min(5000, store.capabilities.maxBindParams - 16));
  for (let i = 0; i < ids.length; i += chunk) {
    const rows = await store.db
      .selectFrom('persons')
      .select(['person_id', 'kind', 'nisn', 'nik', 'tanggal_lahir', 'rows_hash', 'npsns'])
      .where('person_id', 'in', ids.slice(i, i + chunk))
      .execute();
    for (const p of rows) out.set(p.person_id, personKeysOf(p));
  }
  return out;
}
