// Every row of every table of a store, in a form two stores (or one store at two moments) can be
// compared with deepEqual: each row as JSON with sorted keys, each table's rows sorted.
import type { Database } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';

export type TableName = keyof Database;

/** Every table of the schema (src/store/schema.ts `Database`). */
export const TABLES = [
  'schools',
  'persons',
  'accounts',
  'addresses',
  'runs',
  'run_batches',
  'events',
  'rejects',
  'outbox',
  'holds',
  'held_plans',
  'audit_log',
  'operators',
  'api_tokens',
  'web_sessions',
  'account_credentials',
  'appeals',
  'provision_status',
  'screen_state',
  'deferred_indexes',
] as const satisfies readonly TableName[];

// A compile-time check that TABLES names every table: a table added to the schema breaks the build here.
type Missing = Exclude<TableName, (typeof TABLES)[number]>;
const everyTable: Missing extends never ? true : Missing = true;
void everyTable;

/** Columns that name files on one machine (the scan state's mark): never part of what a store holds. */
const MACHINE_LOCAL: Partial<Record<TableName, string[]>> = { screen_state: ['mark', 'updated_at'] };

export type Row = Record<string, unknown>;
export type StoreDump = Record<(typeof TABLES)[number], Row[]>;

/** JSON of a row with its keys sorted, so column order never matters. */
export function rowKey(row: Row): string {
  return JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/**
 * `omit`: columns to leave out, by table (e.g. the outbox's large payloads); `only`: the tables to
 * read (the others come back empty).
 */
export async function dumpStore(
  store: Store,
  omit: Partial<Record<TableName, string[]>> = {},
  only: readonly TableName[] = TABLES,
): Promise<StoreDump> {
  const out = {} as StoreDump;
  for (const table of TABLES) {
    out[table] = [];
    if (!only.includes(table)) continue;
    const drop = [...(omit[table] ?? []), ...(MACHINE_LOCAL[table] ?? [])];
    const rows = (await store.db.selectFrom(table).selectAll().execute()) as Row[];
    const keyed = rows.map((row) => {
      for (const column of drop) delete row[column];
      return { row, key: rowKey(row) };
    });
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    out[table] = keyed.map((k) => k.row);
  }
  return out;
}

/** The dump as lines of `table<TAB>row json`, for compact diffs in assertion messages. */
export function dumpLines(dump: StoreDump): string[] {
  return TABLES.flatMap((table) => dump[table].map((row) => `${table}\t${rowKey(row)}`));
}

/**
 * The state the store holds for each person, keyed by person id: the person row (with its applied
 * rows), the accounts and every address, credential and provisioning status of those accounts (events are
 * history, not state).
 */
export function personViews(dump: StoreDump): Map<string, string> {
  const parts = new Map<string, string[]>();
  const add = (personId: unknown, table: string, row: Row) => {
    const id = String(personId);
    const list = parts.get(id) ?? [];
    list.push(`${table} ${rowKey(row)}`);
    parts.set(id, list);
  };
  const ownerOf = new Map<string, string>();
  for (const a of dump.accounts) {
    ownerOf.set(String(a.id), String(a.person_id));
    add(a.person_id, 'accounts', a);
  }
  for (const p of dump.persons) add(p.person_id, 'persons', p);
  for (const ad of dump.addresses) {
    const owner = ownerOf.get(String(ad.account_id));
    if (owner !== undefined) add(owner, 'addresses', ad);
  }
  for (const table of ['account_credentials', 'provision_status'] as const) {
    for (const row of dump[table]) {
      const owner = ownerOf.get(String(row.account_id));
      if (owner !== undefined) add(owner, table, row);
    }
  }
  return new Map([...parts].map(([id, list]) => [id, list.sort().join('\n')]));
}

/** Ids of the persons whose view differs between two dumps (added, removed or changed). */
export function changedPersons(before: StoreDump, after: StoreDump): string[] {
  const [a, b] = [personViews(before), personViews(after)];
  const ids = new Set([...a.keys(), ...b.keys()]);
  return [...ids].filter((id) => a.get(id) !== b.get(id)).sort();
}
