// Real stores for tests, one per test: SQLite in a fresh temp file, PostgreSQL in a fresh schema of
// database `test` (STYLE 11). Store tests loop over DIALECTS and run the same body on each.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/store.js';

export type Dialect = 'sqlite' | 'postgres';
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export const PG_URL: string = process.env.SELARAS_TEST_PG_URL || 'postgres://root@127.0.0.1:5432/test';

export interface FreshLocation {
  location: string;
  dispose(): Promise<void>;
}

export interface FreshStore extends FreshLocation {
  store: Store;
}

/** A location for a store that does not exist yet; dispose() deletes the file or drops the schema. */
export async function freshLocation(dialect: Dialect): Promise<FreshLocation> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'selaras-test-'));
    return { location: join(dir, 'selaras.db'), dispose: () => rm(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  return { location: url.toString(), dispose: () => dropSchema(schema) };
}

/** A fresh, migrated store. dispose() closes it, then deletes the file or drops the schema. */
export async function freshStore(dialect: Dialect): Promise<FreshStore> {
  const fresh = await freshLocation(dialect);
  try {
    const store = await openStore(fresh.location);
    return {
      store,
      location: fresh.location,
      dispose: async () => {
        await store.close();
        await fresh.dispose();
      },
    };
  } catch (error) {
    await fresh.dispose();
    throw error;
  }
}

/** Runs `body` on a fresh store and disposes of it however the body ends. */
export async function withFreshStore(
  dialect: Dialect,
  body: (store: Store, location: string) => Promise<void>,
): Promise<void> {
  const { store, location, dispose } = await freshStore(dialect);
  try {
    await body(store, location);
  } finally {
    await dispose();
  }
}

let reachable: Promise<boolean> | undefined;

/** True if PostgreSQL answers at PG_URL. With SELARAS_REQUIRE_PG=1 an unreachable server throws. */
export async function postgresAvailable(): Promise<boolean> {
  reachable ??= probe();
  const ok = await reachable;
  if (!ok && process.env.SELARAS_REQUIRE_PG === '1') {
    throw new Error(`SELARAS_REQUIRE_PG=1 but PostgreSQL is not reachable at ${redacted(PG_URL)}`);
  }
  return ok;
}

/** The reason to skip a dialect's tests here, or undefined to run them: for `{ skip }` options. */
export async function skipReason(dialect: Dialect): Promise<string | undefined> {
  if (dialect === 'postgres' && !(await postgresAvailable())) return 'PostgreSQL not reachable';
  return undefined;
}

async function probe(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end().catch(() => {});
  }
}

function redacted(url: string): string {
  const shown = new URL(url);
  shown.password = '';
  return shown.toString();
}
