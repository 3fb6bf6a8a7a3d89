// Reads of a SQLite store on other cores (issue 7: both cores). better-sqlite3 answers on the thread
// that asks, so a month's planning pass, which reads the stored state of a few hundred thousand
// persons, would leave the second core idle. The pool runs such reads on threads with read-only
// connections of their own. Each sees the last committed state of the file (WAL), so it serves only
// work that writes nothing meanwhile. The threads start on first use and keep the process alive only
// while they owe an answer.
import { Worker } from 'node:worker_threads';
import type { ParallelReads } from '../../store.js';
import type { ReadReply, ReadRequest, ReadWorkerData } from './read-worker.js';

interface Reader {
  worker: Worker;
  busy: number;
}

export class SqliteReadPool implements ParallelReads {
  private readers: Reader[] | null = null;
  private readonly waiting = new Map<
    number,
    { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private failed: Error | null = null;

  constructor(
    private readonly path: string,
    readonly size: number,
    private readonly cacheMb: number,
  ) {}

  all<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    if (this.failed) return Promise.reject(this.failed);
    const readers = this.start();
    let reader = readers[0]!;
    for (const r of readers) if (r.busy < reader.busy) reader = r;
    const id = this.nextId++;
    if (reader.busy++ === 0) reader.worker.ref();
    const done = () => {
      if (--reader.busy === 0) reader.worker.unref();
    };
    return new Promise<T[]>((resolve, reject) => {
      this.waiting.set(id, {
        resolve: (rows) => {
          done();
          resolve(rows as T[]);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      reader.worker.postMessage({ id, sql, params: [...params] } satisfies ReadRequest);
    });
  }

  async close(): Promise<void> {
    const readers = this.readers;
    this.readers = null;
    this.failed = new Error('the store was closed');
    if (readers) await Promise.all(readers.map((r) => r.worker.terminate()));
    for (const w of this.waiting.values()) w.reject(this.failed);
    this.waiting.clear();
  }

  private start(): Reader[] {
    if (this.readers) return this.readers;
    const url = new URL('./read-worker.js', import.meta.url);
    const data: ReadWorkerData = { kind: 'selaras-read', path: this.path, cacheMb: this.cacheMb };
    this.readers = Array.from({ length: this.size }, () => {
      const worker = new Worker(url, { workerData: data });
      worker.unref();
      worker.on('message', (reply: ReadReply) => {
        const w = this.waiting.get(reply.id);
        if (!w) return;
        this.waiting.delete(reply.id);
        if ('error' in reply) w.reject(new Error(`store read failed: ${reply.error}`));
        else w.resolve(reply.rows);
      });
      worker.on('error', (error) => {
        // A reader that died takes the pool with it: what it owed, and every later read, fails.
        this.failed = new Error(`a store reader stopped: ${error.message}`);
        for (const w of this.waiting.values()) w.reject(this.failed);
        this.waiting.clear();
      });
      return { worker, busy: 0 };
    });
    return this.readers;
  }
}
