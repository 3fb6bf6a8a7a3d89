// Killing real `selaras` processes at random moments, and knowing where each kill landed.
//
// A kill is SIGSTOP, a look at the frozen process, then SIGKILL: the process dies in exactly the
// state that was looked at. On SQLite "inside a write transaction" is read from /proc/locks (SQLite
// holds a POSIX write lock on byte 120 of the -shm file, WAL_WRITE_LOCK, from the first write of a
// transaction to its commit); on PostgreSQL from pg_stat_activity (a backend with a transaction id),
// the child's connections being named by PGAPPNAME.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { REPO_ROOT } from '../fixtures/cli.js';

/** This file runs as dist/test/crash/crash-support.js, beside the child launcher. */
const CHILD = fileURLToPath(new URL('./selaras-child.js', import.meta.url));

/** Seeded PRNG (mulberry32): the same seed draws the same kill times. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const isPostgres = (db: string) => /^postgres/i.test(db);

/** The environment of a `selaras` child: the store from --db, nothing from the test's environment. */
export function childEnv(db: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.SELARAS_DB;
  delete env.SELARAS_SMTP_URL;
  if (isPostgres(db)) {
    const schema = new URL(db).searchParams.get('schema') ?? 'public';
    env.SELARAS_DATA_DIR = join(tmpdir(), 'selaras-test-data', schema);
  }
  return { ...env, ...extra };
}

export interface Child {
  process: ChildProcess;
  readonly exited: boolean;
  /** Resolves with the exit code, or null when a signal ended it. */
  done: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** `selaras <args>` on the store `db`, as a child process (see selaras-child.ts). */
export function spawnCli(args: string[], db: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [CHILD, '--db', db, ...args], {
    cwd: REPO_ROOT,
    env: childEnv(db, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  let exited = false;
  const done = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      exited = true;
      resolve(code);
    });
  });
  return {
    process: child,
    get exited() {
      return exited;
    },
    done,
    stdout: () => out,
    stderr: () => err,
  };
}

/** Reads small counters of a store while a child writes it, without taking any write lock. */
export interface StoreProbe {
  /** The number `sql` counts, or -1 while the store or the table does not exist yet. */
  count(sql: string): Promise<number>;
  /** Whether process `pid` (or, on PostgreSQL, the child named `appName`) is inside a write transaction. */
  inWriteTransaction(pid: number, appName: string): Promise<boolean>;
  close(): Promise<void>;
}

export function storeProbe(db: string): StoreProbe {
  return isPostgres(db) ? postgresProbe(db) : sqliteProbe(db);
}

function sqliteProbe(path: string): StoreProbe {
  let conn: Sqlite.Database | null = null;
  const open = () => {
    if (conn === null && existsSync(path)) {
      conn = new Sqlite(path, { readonly: true, fileMustExist: true });
      conn.pragma('busy_timeout = 1000');
    }
    return conn;
  };
  return {
    async count(sql) {
      try {
        const row = open()?.prepare(sql).pluck().get();
        return row === undefined ? -1 : Number(row);
      } catch {
        return -1;
      }
    },
    async inWriteTransaction(pid) {
      const shm = `${path}-shm`;
      if (!existsSync(shm)) return false;
      const inode = statSync(shm).ino;
      // "1: POSIX  ADVISORY  WRITE 14201 fe:00:2146376 120 120"
      return readFileSync('/proc/locks', 'utf8')
        .split('\n')
        .some((line) => {
          const f = line.trim().split(/\s+/);
          return f[3] === 'WRITE' && f[4] === String(pid) && f[5]?.endsWith(`:${inode}`) && f[6] === '120';
        });
    },
    async close() {
      (conn as Sqlite.Database | null)?.close();
    },
  };
}

function postgresProbe(location: string): StoreProbe {
  const url = new URL(location);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString() });
  client.on('error', () => {});
  const ready = client.connect().then(() => client.query(`set search_path to "${schema}"`));
  return {
    async count(sql) {
      await ready;
      try {
        const res = await client.query(sql);
        return Number(Object.values(res.rows[0] ?? {})[0] ?? -1);
      } catch {
        return -1;
      }
    },
    async inWriteTransaction(_pid, appName) {
      await ready;
      const res = await client.query(
        'select count(*) as n from pg_stat_activity where application_name = $1 and backend_xid is not null',
        [appName],
      );
      return Number(res.rows[0]?.n ?? 0) > 0;
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}

export interface Landing {
  /** The child was inside a write transaction when it died. */
  inTransaction: boolean;
  /** Milliseconds after the start of the watched phase. */
  afterMs: number;
}

/**
 * Waits until `started()` says the watched phase began, then a random part of `windowMs`, and kills
 * the child there — unless it ends first. Returns where the kill landed, or null if it ended.
 */
export async function killAtRandom(
  child: Child,
  probe: StoreProbe,
  appName: string,
  started: () => Promise<boolean>,
  delayMs: number,
): Promise<Landing | null> {
  while (!child.exited && !(await started())) await sleep(3);
  const from = performance.now();
  while (!child.exited && performance.now() - from < delayMs) {
    await sleep(Math.min(5, Math.max(0, delayMs - (performance.now() - from))));
  }
  if (child.exited) return null;
  const afterMs = performance.now() - from;
  child.process.kill('SIGSTOP');
  const inTransaction = await probe.inWriteTransaction(child.process.pid!, appName);
  child.process.kill('SIGKILL');
  await child.done;
  // A child that ended on its own between the last look and the signal was not killed.
  return child.process.signalCode === 'SIGKILL' ? { inTransaction, afterMs } : null;
}

/** A tally of kills, for the figures the test prints. */
export class KillTally {
  kills = 0;
  inTransaction = 0;
  completions = 0;
  /** Finished runs whose school digests differ from the uninterrupted run's. */
  digestMismatches = 0;
  /** Messages in flight when their worker died, sent again with the same Message-ID. */
  resent = 0;

  add(landing: Landing): void {
    this.kills++;
    if (landing.inTransaction) this.inTransaction++;
  }

  merge(other: KillTally): void {
    this.kills += other.kills;
    this.inTransaction += other.inTransaction;
    this.completions += other.completions;
    this.digestMismatches += other.digestMismatches;
    this.resent += other.resent;
  }
}
