// The load benchmark: `selaras serve` as a real process over a SQLite store of `persons` synthetic
// people (about 0.9 accounts each), loaded on loopback with autocannon — the public Cek Akun page
// (found and not-found look-ups mixed, each from its own X-Forwarded-For address) and the API (account
// search and the runs list, with a national token whose per-minute limit is raised through
// SELARAS_API_RATE_PER_MINUTE). `npm run bench` runs it after the sync benchmark, whose store it reuses;
// alone, at a smaller size:
//
//   node dist/bench/load.js [--persons 100000] [--seconds 10] [--connections 10]
import { execFile, spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { sql } from 'kysely';
import { openStore } from '../src/store/store.js';
import {
  cachedExtracts,
  loadStorePath,
  loadStoreReady,
  markLoadStore,
  ROOT,
  recordResults,
} from './bench-cache.js';
import {
  apiLoad,
  type CekAkunFigures,
  cekAkunLoad,
  type LoadFigures,
  type LookUp,
  settle,
} from './load-runs.js';

const run = promisify(execFile);
const BIN = join(ROOT, 'bin', 'selaras.js');
/** Distinct people the Cek Akun load asks about; as many schools as that touches share the per-NPSN limit. */
const SAMPLE = 4000;

export interface LoadOptions {
  persons: number;
  seconds: number;
  connections: number;
  churn: number;
}

export interface LoadReport {
  persons: number;
  accounts: number;
  schools: number;
  seconds: number;
  connections: number;
  cekAkun: CekAkunFigures;
  apiAccountSearch: LoadFigures;
  apiRuns: LoadFigures;
}

/** The store the sync benchmark left, or one synced here from the cached extract. */
async function ensureStore(o: LoadOptions): Promise<string> {
  const db = loadStorePath(o.persons);
  if (loadStoreReady(o.persons)) return db;
  const { first } = await cachedExtracts(o.persons, o.churn);
  await rm(dirname(db), { recursive: true, force: true });
  await mkdir(dirname(db), { recursive: true });
  console.log(`syncing ${o.persons} persons into ${db} for the load benchmark …`);
  await run(process.execPath, [BIN, 'sync', first, '--json', '--db', db], { cwd: ROOT, maxBuffer: 1 << 26 });
  await markLoadStore(o.persons, ['bench-1']);
  return db;
}

/** People to look up (found), the same with a birth date a day off (not found), and search texts. */
async function sampleOf(db: string) {
  const store = await openStore(db);
  try {
    const rows = await store.db
      .selectFrom('accounts')
      .innerJoin('persons', 'persons.person_id', 'accounts.person_id')
      .select([
        'persons.kind',
        'persons.nama',
        'persons.tanggal_lahir',
        'accounts.npsn',
        'accounts.primary_address',
      ])
      .where('accounts.status', '=', 'active')
      .orderBy(sql`random()`)
      .limit(SAMPLE)
      .execute();
    const count = async (table: 'accounts' | 'schools') =>
      Number(
        (await store.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
      );
    const found: LookUp[] = rows.map((r) => ({
      kind: r.kind as 'ptk' | 'pd',
      npsn: r.npsn,
      nama: r.nama,
      tanggalLahir: r.tanggal_lahir,
    }));
    const missed = found.map((l) => ({ ...l, tanggalLahir: dayAfter(l.tanggalLahir) }));
    // Half and half, interleaved, so every window of the run sees both.
    const lookUps = found.flatMap((l, i) => [l, missed[i]!]);
    const searches = rows.flatMap((r) => [
      r.nama.split(/[ ,]/)[0]!.toLowerCase(),
      r.primary_address.split('@')[0]!,
    ]);
    return { lookUps, searches, accounts: await count('accounts'), schools: await count('schools') };
  } finally {
    await store.close();
  }
}

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** `selaras serve` on a free loopback port, counting clients by X-Forwarded-For, the API limit raised. */
async function startServer(db: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SELARAS_TRUST_PROXY: '1',
    SELARAS_API_RATE_PER_MINUTE: '100000000',
  };
  delete env.SELARAS_DB;
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', db], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    void exited.then(() => reject(new Error(`serve exited before listening: ${out}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function nationalToken(db: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [BIN, 'tokens', 'add', '--role', 'nasional', '--label', 'bench', '--db', db],
    {
      cwd: ROOT,
    },
  );
  return stdout.trimEnd().split('\n').at(-1)!;
}

export async function benchLoad(o: LoadOptions): Promise<LoadReport> {
  const db = await ensureStore(o);
  const sample = await sampleOf(db);
  const token = await nationalToken(db);
  const server = await startServer(db);
  try {
    const s = { url: server.url, seconds: o.seconds, connections: o.connections };
    await settle(server.url);
    const cekAkun = await cekAkunLoad(s, sample.lookUps);
    await settle(server.url);
    const searchPaths = sample.searches.map((q) => `/api/v1/accounts?q=${encodeURIComponent(q)}`);
    const apiAccountSearch = await apiLoad(s, token, searchPaths);
    await settle(server.url);
    const apiRuns = await apiLoad(s, token, ['/api/v1/runs', '/api/v1/runs?limit=10&offset=0']);
    return {
      persons: o.persons,
      accounts: sample.accounts,
      schools: sample.schools,
      seconds: o.seconds,
      connections: o.connections,
      cekAkun,
      apiAccountSearch,
      apiRuns,
    };
  } finally {
    await server.stop();
  }
}

export function printLoad(r: LoadReport): void {
  console.log(
    `\nload: selaras serve on loopback, SQLite store of ${fmt(r.accounts)} accounts at ${fmt(r.schools)} schools ` +
      `(${fmt(r.persons)} persons), autocannon ${r.connections} connections × ${r.seconds} s each`,
  );
  console.log('| target | requests | req/s | p50 ms | p99 ms | statuses |');
  console.log('|---|---:|---:|---:|---:|---|');
  const row = (name: string, f: LoadFigures) =>
    console.log(
      `| ${name} | ${fmt(f.requests)} | ${f.rps.toFixed(1)} | ${f.p50Ms} | ${f.p99Ms} | ${Object.entries(
        f.statuses,
      )
        .map(([k, v]) => `${k}: ${fmt(v)}`)
        .join(', ')}${f.errors ? `, errors: ${f.errors}` : ''} |`,
    );
  row('Cek Akun POST (found / not found)', r.cekAkun);
  row('API GET /accounts?q=…', r.apiAccountSearch);
  row('API GET /runs', r.apiRuns);
  const a = r.cekAkun.answers;
  console.log(
    `Cek Akun answers: ${Object.entries(a)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')} (limited = the per-school limit of 30 look-ups a minute, answered 429)`,
  );
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      churn: { type: 'string', default: '0.03' },
    },
  });
  const report = await benchLoad({
    persons: Number(values.persons),
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    churn: Number(values.churn),
  });
  printLoad(report);
  await recordResults('load', report);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
