// A reader thread of a SQLite store (read-pool.ts): its own read-only connection, answering one
// statement at a time. Kept apart from the pool so that the thread loads nothing else.

import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import { cacheSizePragma } from './pragmas.js';

export interface ReadWorkerData {
  kind: 'selaras-read';
  path: string;
  cacheMb: number;
}

export interface ReadRequest {
  id: number;
  sql: string;
  params: unknown[];
}

export type ReadReply = { id: number; rows: unknown[] } | { id: number; error: string };

/** Statements kept prepared; IN lists of many lengths make many texts, so the cache is bounded. */
const STATEMENTS = 64;

if (parentPort && (workerData as { kind?: string } | null)?.kind === 'selaras-read') {
  const data = workerData as ReadWorkerData;
  const port = parentPort;
  const db = new Sqlite(data.path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma(cacheSizePragma(data.cacheMb));
  const statements = new Map<string, Sqlite.Statement>();
  port.on('message', (request: ReadRequest) => {
    try {
      let statement = statements.get(request.sql);
      if (!statement) {
        if (statements.size >= STATEMENTS) statements.clear();
        statement = db.prepare(request.sql);
        statements.set(request.sql, statement);
      }
      port.postMessage({ id: request.id, rows: statement.all(...request.params) } satisfies ReadReply);
    } catch (error) {
      port.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies ReadReply);
    }
  });
}
