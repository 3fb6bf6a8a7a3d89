// Kysely's SQLite driver opens transactions with a plain (deferred) BEGIN. A deferred transaction that
// reads and then writes cannot wait for another process's write lock: it fails at once with
// SQLITE_BUSY whatever busy_timeout says. Write transactions therefore start IMMEDIATE (they queue for
// the lock under busy_timeout); transactions marked read only stay deferred and never block writers.

import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Kysely,
  SqliteAdapter,
  SqliteDriver,
  type SqliteDriver as SqliteDriverType,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type TransactionSettings,
} from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings?: TransactionSettings,
  ): Promise<void> {
    const begin = settings?.accessMode === 'read only' ? 'begin deferred' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }
}

export function sqliteDialect(database: BetterSqlite3.Database): Dialect {
  return {
    createDriver: (): SqliteDriverType => new ImmediateSqliteDriver({ database }),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createAdapter: () => new SqliteAdapter(),
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's Dialect interface is typed with Kysely<any>
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
  };
}
