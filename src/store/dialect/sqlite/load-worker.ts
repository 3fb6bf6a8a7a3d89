// The load writer's thread (sqlite-loader.ts): a writing connection of its own that runs bulk
// statements and single write statements in order, in one transaction from the first write to a
// commit. Kept apart from the loader so that the thread loads nothing else.

import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import { cacheSizePragma, WRITER_PRAGMAS } from './pragmas.js';
import { type BulkOp, runBulkOp, StatementCache } from './sqlite-bulk.js';

export interface LoadWorkerData {
  kind: 'selaras-load';
  path: string;
  cacheMb: number;
  /** False: this connection never checkpoints the write-ahead log; whoever opened it does. */
  autoCheckpoint: boolean;
}

export type LoadRequest =
  | { id: number; type: 'op'; op: BulkOp }
  | { id: number; type: 'sql'; sql: string; params: readonly unknown[] }
  | { id: number; type: 'commit' }
  | { id: number; type: 'rollback' };

export type LoadReply = { id: number } | { id: number; error: string };

if (parentPort && (workerData as { kind?: string } | null)?.kind === 'selaras-load') {
  const data = workerData as LoadWorkerData;
  const port = parentPort;
  const db = new Sqlite(data.path, { fileMustExist: true });
  for (const pragma of WRITER_PRAGMAS) db.pragma(pragma);
  db.pragma(cacheSizePragma(data.cacheMb));
  if (!data.autoCheckpoint) db.pragma('wal_autocheckpoint = 0');
  const statements = new StatementCache(db);
  // After a failed statement the transaction is rolled back and every write until the caller's
  // rollback fails with the first error: nothing after a failure may commit without what came before.
  let failed: string | null = null;

  const rollback = () => {
    if (db.inTransaction) db.exec('rollback');
  };
  port.on('message', (request: LoadRequest) => {
    try {
      if (request.type === 'rollback') {
        rollback();
        failed = null;
      } else {
        if (failed) throw new Error(failed);
        if (request.type === 'op' || request.type === 'sql') {
          if (!db.inTransaction) db.exec('begin immediate');
          if (request.type === 'op') runBulkOp(statements, request.op);
          else statements.statement(request.sql).run(...request.params);
        } else if (db.inTransaction) db.exec('commit');
      }
      port.postMessage({ id: request.id } satisfies LoadReply);
    } catch (error) {
      failed ??= error instanceof Error ? error.message : String(error);
      try {
        rollback();
      } catch {
        // the connection is past saving; the failure already stands for every later write
      }
      port.postMessage({ id: request.id, error: failed } satisfies LoadReply);
    }
  });
}
