// The shared store: a pg Pool behind Kysely. Several processes on several machines may open it at
// once; Kysely's migrator serialises them with an advisory lock, and DDL runs in one transaction.
import {
  type DatabaseIntrospector,
  Kysely,
  type Kysely as KyselyType,
  PostgresDialect,
  type PostgresDialectConfig,
  sql,
} from 'kysely';
import pg from 'pg';
import { AppError } from '../../../errors.js';
import { migrateToLatest } from '../../migrations.js';
import type { Database } from '../../schema.js';
import type { DeferrableIndex, Store, StoreCapabilities } from '../../store.js';
import { postgresBulkWriter } from './postgres-bulk.js';
import { copyingPool } from './postgres-copy.js';
import { postgresDdl } from './postgres-ddl.js';
import { type IntrospectionScope, ScopedPostgresIntrospector } from './postgres-introspector.js';
import { type PostgresLocation, parsePostgresLocation } from './postgres-location.js';
import { numberTypes } from './postgres-types.js';

/** The wire protocol counts bind parameters in 16 bits. */
const POSTGRES_MAX_BIND_PARAMS = 65535;

const CAPABILITIES: StoreCapabilities = Object.freeze({
  bulkCopy: true,
  skipLocked: true,
  maxBindParams: POSTGRES_MAX_BIND_PARAMS,
});

/** SQLSTATEs of a concurrent `create schema if not exists` that lost the race. */
const SCHEMA_RACE_CODES = new Set(['23505', '42P06']);

export async function openPostgresStore(location: string, schemaOption?: string): Promise<Store> {
  const where = parsePostgresLocation(location, schemaOption);
  const pool = new pg.Pool({
    connectionString: where.connectionString,
    ...(where.startupOptions === undefined ? {} : { options: where.startupOptions }),
    types: numberTypes(),
  });
  // An idle connection that dies is dropped by the pool; the next query reports the problem. Without
  // a listener the pool's 'error' event would end the process.
  pool.on('error', () => {});
  const scope: IntrospectionScope = {};
  const db = new Kysely<Database>({ dialect: new StoreDialect({ pool: copyingPool(pool) }, scope) });
  try {
    scope.schema = await prepareSchema(db, where);
    await migrateToLatest(db, postgresDdl, scope.schema);
  } catch (error) {
    await db.destroy();
    if (error instanceof AppError) throw error;
    const cause = errorText(error);
    throw new AppError('internal', `cannot open store ${where.description}: ${cause}`, { cause });
  }
  let closing: Promise<void> | undefined;
  return Object.freeze({
    db,
    capabilities: CAPABILITIES,
    bulk: postgresBulkWriter(POSTGRES_MAX_BIND_PARAMS),
    deferrableIndexes: (tables: readonly string[]) => deferrableIndexes(db, tables),
    refreshStatistics: (tables: readonly string[]) => refreshStatistics(db, tables),
    description: where.description,
    close: () => {
      closing ??= db.destroy();
      return closing;
    },
  });
}

/** Kysely's PostgreSQL dialect, introspecting the store's schema only (see postgres-introspector). */
class StoreDialect extends PostgresDialect {
  constructor(
    config: PostgresDialectConfig,
    private readonly scope: IntrospectionScope,
  ) {
    super(config);
  }

  override createIntrospector(db: KyselyType<unknown>): DatabaseIntrospector {
    return new ScopedPostgresIntrospector(db, this.scope);
  }
}

/** Creates the requested schema if missing; returns the schema the tables live in. */
async function prepareSchema(db: KyselyType<Database>, where: PostgresLocation): Promise<string> {
  if (where.schema !== undefined) {
    try {
      await db.schema.createSchema(where.schema).ifNotExists().execute();
    } catch (error) {
      if (!SCHEMA_RACE_CODES.has(sqlState(error))) throw error;
    }
    return where.schema;
  }
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new AppError('bad_input', `no schema of the search_path exists in ${where.description}`);
  return schema;
}

function sqlState(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Node reports a refused connection to a name with several addresses as an AggregateError with no message. */
function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map(errorText).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Tables whose reads the store answers from an index alone: the issued numbers of an address group
 * are counted in `addresses_base_number_idx` (address-repository, takenNumbers). PostgreSQL answers
 * such a read without the table's rows only for pages its visibility map marks all-visible, and only
 * VACUUM marks them. Unvacuumed, each read of a thousand groups visited most of the table's pages
 * (1 M persons: 131 ms a read, 27 ms after VACUUM; the month's address allocation 5.1 -> 2.0 s).
 */
const INDEX_ONLY_TABLES: ReadonlySet<string> = new Set(['addresses']);

/**
 * The upkeep autovacuum would do now on `tables`, done by the store: the sync does not count on
 * autovacuum, which an operator may have turned off (this machine's server has) or which runs behind
 * a national load.
 * - ANALYZE where statistics are missing, or more than 50 rows and a tenth of the table changed since.
 *   Without statistics every read of persons by id is a sequential scan (measured at 200 k persons:
 *   350 ms per 500 ids against a table of persons' rows, an index scan after ANALYZE).
 * - VACUUM (ANALYZE) instead, for a table read from an index alone (INDEX_ONLY_TABLES), where it was
 *   never vacuumed or more than 1,000 rows and a fifth of it were inserted since (autovacuum's rule
 *   for inserts), or where its visibility map marks less than nine pages in ten all-visible. VACUUM
 *   marks only pages whose rows every open transaction of the database sees: one transaction left
 *   open elsewhere (a console, a report, another schema's sync) while the last VACUUM ran leaves the
 *   pages unmarked, and with autovacuum off nothing would mark them later.
 * Returns the tables analyzed, vacuumed or not.
 */
async function refreshStatistics(db: KyselyType<Database>, tables: readonly string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const { rows } = await sql<{ table: string; analyze: boolean; vacuum: boolean }>`
    select c.relname as "table",
      (s.relid is null or coalesce(s.last_analyze, s.last_autoanalyze) is null
        or s.n_mod_since_analyze > 50 + 0.1 * s.n_live_tup) as analyze,
      (s.relid is null or coalesce(s.last_vacuum, s.last_autovacuum) is null
        or s.n_ins_since_vacuum > 1000 + 0.2 * s.n_live_tup
        or c.relallvisible < 0.9 * c.relpages) as vacuum
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_stat_user_tables s on s.relid = c.oid
    where n.nspname = current_schema() and c.relkind = 'r' and c.relname in (${sql.join(tables)})
    order by c.relname`.execute(db);
  const done: string[] = [];
  for (const { table, analyze, vacuum } of rows) {
    // VACUUM runs outside a transaction: the pool hands it a connection of its own.
    if (vacuum && INDEX_ONLY_TABLES.has(table)) await sql`vacuum (analyze) ${sql.id(table)}`.execute(db);
    else if (analyze) await sql`analyze ${sql.id(table)}`.execute(db);
    else continue;
    done.push(table);
  }
  return done;
}

/**
 * The indexes of the store's schema that back no primary key, unique or exclusion constraint, and the
 * primary keys. A first load COPYs millions of rows into tables keyed by random ids (persons,
 * addresses): with the key in place each row is an insert into a B-tree leaf at random,
 * and after every checkpoint the first change to a leaf writes the whole page to the WAL. Built at
 * the end, a key is one sort (issue 7; the 1 M first load wrote 1.6 M WAL records instead of 10.2 M,
 * and 83 k full-page images instead of 176 k). Unique constraints other than keys stay.
 * A definition leaves the schema out (pg_get_indexdef always names it): it is built again on the
 * search_path, that is in the same schema.
 */
async function deferrableIndexes(
  db: KyselyType<Database>,
  tables: readonly string[],
): Promise<DeferrableIndex[]> {
  if (tables.length === 0) return [];
  const { rows } = await sql<DeferrableIndex>`
    select i.relname as name, t.relname as "table",
      replace(pg_get_indexdef(i.oid), ' ON ' || quote_ident(n.nspname) || '.', ' ON ') as definition,
      'drop index ' || quote_ident(i.relname) as "drop"
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and not x.indisprimary and not x.indisunique
      and not exists (select 1 from pg_constraint c where c.conindid = i.oid)
      and t.relname in (${sql.join(tables)})
    union all
    select c.conname, t.relname,
      'alter table ' || quote_ident(t.relname) || ' add constraint ' || quote_ident(c.conname) || ' '
        || pg_get_constraintdef(c.oid),
      'alter table ' || quote_ident(t.relname) || ' drop constraint ' || quote_ident(c.conname)
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and c.contype = 'p' and t.relname in (${sql.join(tables)})
    order by name`.execute(db);
  return rows;
}
