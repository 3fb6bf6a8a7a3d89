// The embedded store: one better-sqlite3 connection in WAL mode. Kysely serialises every query and
// transaction through that connection; other processes on the same file wait up to busy_timeout.
// Reads that may run elsewhere (Store.parallel) go to reader threads of their own (read-pool.ts).

import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { AppError } from '../../../errors.js';
import { migrateToLatest } from '../../migrations.js';
import type { Database } from '../../schema.js';
import type { DeferrableIndex, Store, StoreCapabilities } from '../../store.js';
import { warmFile } from './page-warmer.js';
import { cacheSizePragma, WRITER_PRAGMAS } from './pragmas.js';
import { SqliteReadPool } from './read-pool.js';
import { sqliteBulkWriter } from './sqlite-bulk.js';
import { sqliteDdl } from './sqlite-ddl.js';
import { sqliteDialect } from './sqlite-driver.js';
import { SqliteLoader } from './sqlite-loader.js';

/** SQLITE_MAX_VARIABLE_NUMBER's default since SQLite 3.32. */
const SQLITE_MAX_BIND_PARAMS = 32766;

const CAPABILITIES: StoreCapabilities = Object.freeze({
  bulkCopy: false,
  skipLocked: false,
  maxBindParams: SQLITE_MAX_BIND_PARAMS,
});

/** Reader threads of the store (read-pool.ts): one per core, two at most. */
const READERS = 2;

function inMemory(path: string): boolean {
  return path === ':memory:' || path === '' || path.startsWith('file::memory:');
}

/**
 * MiB of page cache of the load writer's connection at most: it appends rows, and memory a thread
 * once held stays with the process (its allocator arena) while the indexes are built after it.
 */
const LOADER_CACHE_MB = 64;

/** MiB of page cache when the caller names none. */
const DEFAULT_CACHE_MB = 256;

/**
 * MiB of page cache while indexes are built again at the end of a first load. SQLite's sorter sizes its
 * in-memory runs by the page cache, and the larger the cache, the slower the build: four indexes of a
 * 5 M store took 37–41 s with 16–64 MiB, 38–44 s with 256 MiB, 47–57 s with 1 GiB (the store's own at
 * a 4 GB budget) and 50–54 s with 3 GiB; all eighteen of a 1 M store, in one transaction, 13.0–13.7 s
 * against 16.5–17.5 s with 1 GiB (README "National scale").
 */
const INDEX_BUILD_CACHE_MB = 64;

export async function openSqliteStore(path: string, cacheMb = DEFAULT_CACHE_MB): Promise<Store> {
  const description = `sqlite:${path}`;
  const database = openDatabase(path, description);
  database.pragma(cacheSizePragma(cacheMb));
  const db = new Kysely<Database>({ dialect: sqliteDialect(database) });
  try {
    await migrateToLatest(db, sqliteDdl);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const parallel = inMemory(path)
    ? undefined
    : new SqliteReadPool(path, Math.min(READERS, availableParallelism()), Math.min(64, cacheMb / 4));
  return Object.freeze({
    db,
    capabilities: CAPABILITIES,
    bulk: sqliteBulkWriter(database),
    deferrableIndexes: (tables: readonly string[]) => secondaryIndexes(db, tables),
    parallel,
    loader: inMemory(path)
      ? undefined
      : (options?: { checkpoints?: 'writer' | 'caller' }) =>
          new SqliteLoader(path, Math.min(cacheMb, LOADER_CACHE_MB), options?.checkpoints !== 'caller'),
    checkpoint: inMemory(path)
      ? undefined
      : async () => {
          if (database.inTransaction) return null;
          const [row] = database.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
          return { logPages: Math.max(0, row?.log ?? 0), copied: Math.max(0, row?.checkpointed ?? 0) };
        },
    warm: inMemory(path) || process.env.SELARAS_WARM_STORE === 'off' ? undefined : () => warmFile(path),
    buildingIndexes: async <T>(build: () => Promise<T>): Promise<T> => {
      const own = database.pragma('cache_size', { simple: true }) as number;
      database.pragma(cacheSizePragma(Math.min(cacheMb, INDEX_BUILD_CACHE_MB)));
      try {
        return await build();
      } finally {
        database.pragma(`cache_size = ${own}`);
      }
    },
    description,
    close: () => {
      // The readers first: the last connection to close checkpoints the write-ahead log into the
      // file and deletes it, and only the writing one can. A store file left without its log is
      // whole, for a copy or a backup, once the process is gone.
      closing ??= (async () => {
        try {
          await parallel?.close();
        } finally {
          await db.destroy();
        }
      })();
      return closing;
    },
  });
}

function openDatabase(path: string, description: string): Sqlite.Database {
  let database: Sqlite.Database | undefined;
  try {
    if (!inMemory(path)) mkdirSync(dirname(path), { recursive: true });
    database = new Sqlite(path);
    for (const pragma of WRITER_PRAGMAS) database.pragma(pragma);
    return database;
  } catch (error) {
    database?.close();
    const cause = error instanceof Error ? error.message : String(error);
    throw new AppError('internal', `cannot open store ${description}: ${cause}`, { cause });
  }
}

/**
 * Indexes with a CREATE statement of their own: keys and UNIQUE constraints have none, or say UNIQUE.
 * A key stays: in SQLite it is the table itself (rowid or WITHOUT ROWID) or its autoindex.
 */
async function secondaryIndexes(db: Kysely<Database>, tables: readonly string[]): Promise<DeferrableIndex[]> {
  if (tables.length === 0) return [];
  const { rows } = await sql<DeferrableIndex>`
    select name, tbl_name as "table", sql as definition, 'drop index "' || name || '"' as "drop"
    from sqlite_master
    where type = 'index' and sql is not null and upper(sql) not like 'CREATE UNIQUE%'
      and tbl_name in (${sql.join(tables)})
    order by name`.execute(db);
  return rows;
}
