// The one door to the state of record (DESIGN "State of record"). Business code receives a Store and
// asks its capabilities; which engine sits behind it is decided here, from the location, and nowhere
// else (STYLE 1).

import type { Kysely } from 'kysely';
import type { BulkLoader, BulkWriter } from './bulk.js';
import { openPostgresStore } from './dialect/postgres/postgres-store.js';
import type { PageWarming } from './dialect/sqlite/page-warmer.js';
import { openSqliteStore } from './dialect/sqlite/sqlite-store.js';
import type { Database } from './schema.js';

export interface StoreCapabilities {
  /** The engine can load rows with a bulk copy protocol (PostgreSQL COPY) instead of INSERT statements. */
  bulkCopy: boolean;
  /** `FOR UPDATE SKIP LOCKED` is available, so several worker processes can claim outbox rows. */
  skipLocked: boolean;
  /** The most bind parameters one statement may carry; bulk writes chunk below it. */
  maxBindParams: number;
}

/** An index a first load drops and builds again (src/store/index-deferral.ts), with its statements. */
export interface DeferrableIndex {
  name: string;
  table: string;
  /** The statement that builds it. */
  definition: string;
  /** The statement that drops it. */
  drop: string;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly capabilities: StoreCapabilities;
  /** The fastest way this engine has to write many rows inside a transaction. */
  readonly bulk: BulkWriter;
  /**
   * The indexes of `tables` a first load drops and builds again at its end (src/store/index-deferral.ts):
   * the secondary indexes; on PostgreSQL the primary keys too (SQLite's keys are the tables themselves).
   */
  deferrableIndexes(tables: readonly string[]): Promise<DeferrableIndex[]>;
  /**
   * Connections of their own that read committed rows on other cores, where the engine answers on the
   * asking thread (SQLite); absent where queries are already asynchronous (PostgreSQL's pool) or the
   * store has no file (`:memory:`). Only for work that writes nothing while it reads.
   */
  readonly parallel?: ParallelReads;
  /**
   * Opens a load writer: bulk writes on a thread and connection of their own (a large run, issue 7).
   * Absent where the engine has none (PostgreSQL's bulk path is already asynchronous; `:memory:`).
   * With `checkpoints: 'caller'` its commits leave the write-ahead log to `checkpoint`, on the
   * caller's thread; by default the writer checkpoints as it commits.
   */
  loader?(options?: { checkpoints?: 'writer' | 'caller' }): BulkLoader;
  /**
   * Copies into the store's file what the write-ahead log holds, without waiting for any reader or
   * writer (SQLite's passive checkpoint), and tells how far it got: `logPages` in the log, `copied`
   * of them in the file; null while the store's connection is in a transaction (no checkpoint then).
   * Absent where the engine checkpoints by itself (PostgreSQL) or has no log.
   */
  checkpoint?(): Promise<{ logPages: number; copied: number } | null>;
  /**
   * Gathers the query planner's statistics of `tables` where they are missing or stale, and returns
   * the tables it analyzed. PostgreSQL plans by them: a table loaded by COPY and never analyzed has
   * none, and the lookups of persons by id then scan whole tables. A table read from an index alone
   * is vacuumed as well, so that the read need not visit the table. Absent where the engine does not
   * plan by statistics (SQLite uses an index whenever one fits).
   */
  refreshStatistics?(tables: readonly string[]): Promise<string[]>;
  /**
   * Starts reading the store's file in order on a thread of its own, so that a sync's reads by id find
   * its pages in the operating system's cache (page-warmer.ts): only where the store is a file that is
   * not cached yet and fits in the available memory. Absent where the engine keeps its own cache on
   * another machine (PostgreSQL), the store has no file, or `SELARAS_WARM_STORE=off`.
   */
  warm?(): PageWarming;
  /**
   * Runs `build` (indexes built again over loaded tables, index-deferral.ts) with the settings this
   * engine sorts fastest with. Absent where there is nothing to set.
   */
  buildingIndexes?<T>(build: () => Promise<T>): Promise<T>;
  /** Where the store lives, safe to print: 'sqlite:data/selaras.db' or a postgres URL without password. */
  readonly description: string;
  /** Closes every connection; calling it again does nothing. */
  close(): Promise<void>;
}

/** Read-only statements run off the asking thread (Store.parallel). */
export interface ParallelReads {
  /** Threads reading at once. */
  readonly size: number;
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL only: the schema that holds the tables; created when missing. Overrides `?schema=`. */
  schema?: string;
  /** SQLite only: the page cache in MiB (default 256). */
  sqliteCacheMb?: number;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const SQLITE_PREFIX = 'sqlite:';

/**
 * Opens the store at `location`: a file path for SQLite (parent directories are created; a leading
 * `sqlite:` is accepted, so a description opens again) or a `postgres://` / `postgresql://` URL,
 * optionally with `?schema=name`. Migrations are applied before it returns.
 */
export async function openStore(location: string, options: StoreOptions = {}): Promise<Store> {
  if (POSTGRES_URL.test(location)) return openPostgresStore(location, options.schema);
  const path = location.startsWith(SQLITE_PREFIX) ? location.slice(SQLITE_PREFIX.length) : location;
  return openSqliteStore(path, options.sqliteCacheMb);
}
