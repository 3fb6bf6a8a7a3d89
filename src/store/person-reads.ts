// The planning pass's reads of persons' stored state, asked ahead of need and answered on other cores
// where the store can (Store.parallel): SQLite answers on the asking thread, so without this a month's
// plan read a few hundred thousand persons while the second core idled. On PostgreSQL the same reads
// are already asynchronous; asked ahead, they run on other pool connections meanwhile.
//
// Only for a pass that writes nothing: a reader sees what was last committed.
import type { Compilable, Selectable } from 'kysely';
import type { PersonState } from '../domain/accounts.js';
import { assembleStates, type PersonKeys, personKeysOf } from './person-repository.js';
import type { AccountsTable, PersonsTable } from './schema.js';
import type { Store } from './store.js';

/** Ids per statement: within every engine's bind limit, and small enough to spread over the readers. */
const CHUNK = 500;

async function rowsOf<T>(store: Store, query: Compilable<T>): Promise<T[]> {
  const compiled = query.compile();
  if (store.parallel) return store.parallel.all<T>(compiled.sql, compiled.parameters);
  return (await store.db.executeQuery(compiled)).rows;
}

function chunks(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(ids.slice(i, i + CHUNK));
  return out;
}

/** The screening's narrow view of chosen persons (person-repository's screenRange, for ids). */
export async function screenKeysByIds(
  store: Store,
  ids: readonly string[],
): Promise<Map<string, PersonKeys>> {
  const lists = await Promise.all(
    chunks(ids).map((chunk) =>
      rowsOf(
        store,
        store.db
          .selectFrom('persons')
          .select(['person_id', 'kind', 'nisn', 'nik', 'tanggal_lahir', 'rows_hash', 'npsns'])
          .where('person_id', 'in', chunk),
      ),
    ),
  );
  const out = new Map<string, PersonKeys>();
  for (const rows of lists) for (const p of rows) out.set(p.person_id, personKeysOf(p));
  return out;
}

/** The stored state of chosen persons (person-repository's loadByIds), both tables read at once. */
export async function statesByIds(store: Store, ids: readonly string[]): Promise<Map<string, PersonState>> {
  const parts = await Promise.all(
    chunks(ids).map((chunk) =>
      Promise.all([
        rowsOf<Selectable<PersonsTable>>(
          store,
          store.db.selectFrom('persons').selectAll().where('person_id', 'in', chunk),
        ),
        rowsOf<Selectable<AccountsTable>>(
          store,
          store.db
            .selectFrom('accounts')
            .selectAll()
            .where('person_id', 'in', chunk)
            .where('status', '!=', 'deleted'),
        ),
      ]),
    ),
  );
  const out = new Map<string, PersonState>();
  for (const [persons, accounts] of parts) {
    for (const [id, state] of assembleStates(persons, accounts)) out.set(id, state);
  }
  return out;
}
