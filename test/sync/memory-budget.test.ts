// The memory budget (issue 7) sizes a sync: its partitions, what it keeps between passes, SQLite's
// cache. Through the real CLI, a budget too small for the extract at the configured partition count
// raises the count, and the run decides exactly what a run with one partition decides.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config/config.js';
import { AppError } from '../../src/errors.js';
import { generateExtract } from '../../src/generate/population-builder.js';
import {
  fullCollection,
  heapGuard,
  heapShareMb,
  memorySizes,
  sqliteCacheMbFor,
} from '../../src/sync/memory-budget.js';
import { runCli } from '../fixtures/cli.js';

describe('memory budget', () => {
  test('a partition holds at most 40 persons per MiB; more partitions come in powers of two', () => {
    assert.equal(memorySizes(4096, 5_000_000, 64).partitions, 64);
    assert.equal(memorySizes(4096, 56_000_000, 64).partitions, 512);
    assert.equal(memorySizes(1024, 5_000_000, 64).partitions, 128);
    assert.equal(memorySizes(256, 15_000, 1).partitions, 2);
    assert.equal(memorySizes(4096, 100, 7).partitions, 7, 'never below the configured count');
    for (const [mb, persons] of [
      [256, 3_000_000],
      [4096, 56_000_000],
      [512, 900_000],
    ] as const) {
      const { partitions } = memorySizes(mb, persons, 64);
      assert.ok(
        persons / partitions <= mb * 40,
        `${persons} persons in ${partitions} partitions at ${mb} MiB`,
      );
      assert.equal(Math.log2(partitions) % 1, 0);
    }
    assert.deepEqual(memorySizes(4096, 0, 64), { partitions: 64, keptPlans: 204_800, keptRows: 204_800 });
  });

  test('SQLite gets a quarter of the budget, at most 1 GiB, unless its cache is configured', () => {
    assert.equal(sqliteCacheMbFor(4096), 1024);
    assert.equal(sqliteCacheMbFor(1024), 256);
    const config = loadConfig({ db: 'x.db' }, { SELARAS_MEMORY_MB: '1024' });
    assert.equal(config.memoryMb, 1024);
    assert.equal(config.sqliteCacheMb, 256);
    assert.equal(loadConfig({ db: 'x.db' }, {}).memoryMb, 4096);
    assert.equal(loadConfig({ db: 'x.db' }, {}).sqliteCacheMb, 1024);
    const explicit = loadConfig(
      { db: 'x.db', memoryMb: '2048' },
      { SELARAS_SQLITE_CACHE_MB: '64', SELARAS_MEMORY_MB: '999' },
    );
    assert.equal(explicit.memoryMb, 2048, 'the flag wins over the environment');
    assert.equal(explicit.sqliteCacheMb, 64);
    assert.throws(() => loadConfig({ db: 'x.db' }, { SELARAS_MEMORY_MB: '100' }), AppError);
    assert.throws(() => loadConfig({ db: 'x.db' }, { SELARAS_MEMORY_MB: 'lots' }), AppError);
  });

  test('the heap gets a quarter of the budget, and garbage is collected above it', () => {
    assert.equal(heapShareMb(4096), 1024);
    assert.equal(heapShareMb(8192), 2048);
    assert.equal(heapShareMb(512), 256, 'never below 256 MiB');
    let used = 100 * 2 ** 20;
    let collected = 0;
    const guard = heapGuard(
      200,
      () => used,
      () => {
        collected++;
        used = 50 * 2 ** 20;
      },
    );
    guard.check();
    assert.equal(collected, 0, 'within its share: left to V8');
    used = 300 * 2 ** 20;
    guard.check();
    guard.check();
    assert.equal(collected, 1, 'above it: one full collection, after which it is within again');
    assert.equal(guard.collections, 1);
  });

  test("the full collection is V8's own, taken at run time", () => {
    const gc = fullCollection();
    let garbage: number[][] | null = Array.from({ length: 200 }, () => new Array(10_000).fill(1));
    assert.equal(garbage.length, 200);
    garbage = null;
    const before = process.memoryUsage().heapUsed;
    gc();
    assert.ok(process.memoryUsage().heapUsed < before, 'the garbage is gone');
  });

  test('through the CLI, a small budget raises the partition count and decides the same', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'selaras-budget-'));
    try {
      const extract = join(dir, 'extract');
      await generateExtract({ outDir: extract, schools: 120, seed: 5 });
      const sync = async (name: string, flags: string[]) => {
        const db = join(dir, `${name}.db`);
        const r = await runCli(['sync', extract, '--json', '--timings', ...flags], {
          db,
          env: { SELARAS_PARTITIONS: '1' },
        });
        assert.equal(r.code, 0, r.stderr);
        const timings = JSON.parse(/^timings (\{.*\})$/m.exec(r.stderr)?.[1] ?? 'null');
        const sqlite = new Database(db, { readonly: true });
        const accounts = sqlite
          .prepare('select person_id, jenjang, role, npsn, status, primary_address from accounts order by id')
          .all();
        const digests = sqlite
          .prepare('select payload_json from outbox where event_id is null order by id')
          .all();
        sqlite.close();
        return { report: r.json, timings, accounts, digests };
      };
      const whole = await sync('whole', []);
      const budgeted = await sync('budgeted', ['--memory-mb', '256']);
      assert.equal(whole.timings.partitions, 1);
      assert.equal(whole.timings.memory_mb, 4096);
      assert.equal(whole.timings.heap_collections, 0, 'a small run stays within its heap share');
      assert.ok(budgeted.timings.partitions >= 2, `partitions: ${budgeted.timings.partitions}`);
      assert.equal(budgeted.timings.memory_mb, 256);
      assert.ok(
        whole.accounts.length > 10_240,
        `${whole.accounts.length} accounts: more than one partition holds`,
      );
      // More rows than the small budget keeps between passes: its partitions are parsed again when
      // worked on (byte-screen.ts ParsedOnDemand), where the whole run keeps every row.
      const rows = ['ptk.csv', 'peserta_didik.csv']
        .map((file) => readFileSync(join(extract, file), 'utf8').split('\n').length - 2)
        .reduce((a, b) => a + b, 0);
      assert.ok(rows > memorySizes(256, rows, 1).keptRows, `${rows} rows: more than 256 MiB keeps`);
      assert.ok(rows <= memorySizes(4096, rows, 1).keptRows, `${rows} rows: all kept at 4 GiB`);
      assert.deepEqual(budgeted.report, whole.report);
      const byPerson = (rows: unknown[]) =>
        [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      assert.deepEqual(byPerson(budgeted.accounts), byPerson(whole.accounts));
      assert.deepEqual(budgeted.digests, whole.digests);
      assert.ok(whole.digests.length >= 120);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
