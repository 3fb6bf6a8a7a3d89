// The load writer of a SQLite store (issue 7: both cores on a first load). A first national load
// spends about half its applying pass inside SQLite and the other half building rows in JavaScript,
// both on one thread. The loader hands the bulk statements to a thread with a writing connection of
// its own (load-worker.ts), so the rows of the next batch are built while the last ones are written.
// Its writes are queued, not awaited: at most QUEUED_CELLS values wait at a time (bounded memory),
// and a failed write is reported by the next write or by commit.
//
// A month's batches update as well as insert (persons re-keyed, addresses turned aliases, the batch
// marker): those statements are built with Kysely as anywhere else, and `db` runs them on the thread,
// in order with the bulk writes, in the same transaction.
import { Worker } from 'node:worker_threads';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { AppError } from '../../../errors.js';
import type { BulkLoader } from '../../bulk.js';
import type { Database } from '../../schema.js';
import type { LoadReply, LoadRequest, LoadWorkerData } from './load-worker.js';
import { type BulkOp, bulkOp, bulkOpValues } from './sqlite-bulk.js';

type Row = Record<string, unknown>;

/** Values (row cells) queued to the thread before a write waits: about one batch of 20,000 persons. */
const QUEUED_CELLS = 2_000_000;

/** The thread's heap: the queue's values twice over, with room to spare. */
const LOADER_HEAP_MB = 256;

type Queued = { type: 'op'; op: BulkOp } | { type: 'sql'; sql: string; params: readonly unknown[] };

/** The statements `db` passes on; anything else would need its result, which a queued write has not. */
const WRITE_KINDS = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode']);

interface Waiter {
  cells: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class SqliteLoader implements BulkLoader {
  readonly db: Kysely<Database>;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private queuedCells = 0;
  private failure: Error | null = null;
  /** Writers waiting for the queue to shrink. */
  private blocked: (() => void)[] = [];

  /** With `autoCheckpoint` false its commits leave the log to the store's `checkpoint`. */
  constructor(path: string, cacheMb: number, autoCheckpoint = true) {
    const data: LoadWorkerData = { kind: 'selaras-load', path, cacheMb, autoCheckpoint };
    this.worker = new Worker(new URL('./load-worker.js', import.meta.url), {
      workerData: data,
      // The thread holds what is queued and little else; a small heap is collected before it grows.
      resourceLimits: { maxOldGenerationSizeMb: LOADER_HEAP_MB },
    });
    this.worker.unref();
    this.worker.on('message', (reply: LoadReply) => this.answered(reply));
    this.worker.on('error', (error) => this.fail(new Error(`store load writer failed: ${error.message}`)));
    this.worker.on('exit', () => this.fail(new Error('store load writer stopped')));
    this.db = new Kysely<Database>({
      dialect: {
        createDriver: () => new LoaderDriver((query) => this.queueStatement(query)),
        createQueryCompiler: () => new SqliteQueryCompiler(),
        createAdapter: () => new SqliteAdapter(),
        // biome-ignore lint/suspicious/noExplicitAny: Kysely's Dialect interface is typed with Kysely<any>
        createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
      },
    });
  }

  async insert(_db: unknown, table: string, rows: readonly unknown[]): Promise<void> {
    await this.queue(bulkOp(table, rows as Row[]));
  }

  async upsert(
    _db: unknown,
    table: string,
    rows: readonly unknown[],
    keyColumns: readonly string[],
    insertOnly: readonly string[] = [],
  ): Promise<void> {
    await this.queue(bulkOp(table, rows as Row[], { keyColumns, insertOnly }));
  }

  /** Waits for every queued write and commits them; rejects with the first failure. */
  commit(): Promise<void> {
    return this.send({ type: 'commit' }, 0);
  }

  /** Drops what was written and not committed; a failure before it no longer counts. */
  async rollback(): Promise<void> {
    if (this.failure && !this.alive()) return;
    this.failure = null;
    await this.send({ type: 'rollback' }, 0);
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the load writer was closed');
    await this.worker.terminate();
  }

  private async queue(op: BulkOp | null): Promise<void> {
    if (op) await this.enqueue({ type: 'op', op }, bulkOpValues(op));
  }

  /** Queues a write statement of `db`: its result is not awaited, so none is returned. */
  private async queueStatement(query: CompiledQuery): Promise<void> {
    const kind = query.query.kind;
    const returning = 'returning' in query.query && query.query.returning !== undefined;
    if (!WRITE_KINDS.has(kind) || returning) {
      throw new AppError('internal', `the load writer runs write statements only, not ${kind}: ${query.sql}`);
    }
    await this.enqueue(
      { type: 'sql', sql: query.sql, params: query.parameters },
      query.parameters.length + 1,
    );
  }

  private async enqueue(request: Queued, cells: number): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.queuedCells > 0 && this.queuedCells + cells > QUEUED_CELLS) {
      await new Promise<void>((resolve) => this.blocked.push(resolve));
      if (this.failure) throw this.failure;
    }
    // The reply settles nothing the caller awaits: a failure is kept for the next write or commit.
    this.send(request, cells).catch(() => {});
  }

  private send(request: Queued | { type: 'commit' } | { type: 'rollback' }, cells: number) {
    if (this.failure && request.type !== 'rollback') return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.waiting.size === 0) this.worker.ref(); // the process waits for what the thread owes
    this.queuedCells += cells;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { cells, resolve, reject });
      this.worker.postMessage({ id, ...request } as LoadRequest);
    });
  }

  private answered(reply: LoadReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    this.settled(waiter);
    if ('error' in reply) {
      const error = new Error(`store load write failed: ${reply.error}`);
      this.failure ??= error;
      waiter.reject(this.failure);
    } else waiter.resolve();
  }

  private settled(waiter: Waiter): void {
    this.queuedCells -= waiter.cells;
    if (this.waiting.size === 0) this.worker.unref();
    const blocked = this.blocked;
    this.blocked = [];
    for (const resume of blocked) resume();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.failure);
    this.waiting.clear();
    this.queuedCells = 0;
    const blocked = this.blocked;
    this.blocked = [];
    for (const resume of blocked) resume();
  }

  private alive(): boolean {
    return this.worker.threadId >= 0;
  }
}

/**
 * Kysely's side of `SqliteLoader.db`: one connection that queues each statement on the thread. The
 * thread's transaction is the loader's own (`commit`, `rollback`), so Kysely's transactions are refused.
 */
class LoaderDriver implements Driver {
  private readonly connection: DatabaseConnection;

  constructor(queue: (query: CompiledQuery) => Promise<void>) {
    this.connection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        await queue(query);
        return { rows: [] };
      },
      // biome-ignore lint/correctness/useYield: a queued write streams nothing
      async *streamQuery() {
        throw new AppError('internal', 'the load writer does not stream');
      },
    };
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new AppError('internal', "the load writer's transaction is its own: use commit and rollback");
  }
  async commitTransaction(): Promise<void> {
    throw new AppError('internal', "the load writer's transaction is its own: use commit and rollback");
  }
  async rollbackTransaction(): Promise<void> {
    throw new AppError('internal', "the load writer's transaction is its own: use commit and rollback");
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}
