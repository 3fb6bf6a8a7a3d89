// SELARAS_SQLITE_CACHE_MB sizes SQLite's page cache for CLI commands (a first national load needs its
// random-keyed B-trees cached): the setting is read and validated, and the store applies it.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config/config.js';
import { openStore } from '../../src/store/store.js';

test('the SQLite cache setting defaults to 1024 MiB and accepts only a positive whole number', () => {
  assert.equal(loadConfig({ db: 'x.db' }, {}).sqliteCacheMb, 1024);
  assert.equal(loadConfig({ db: 'x.db' }, { SELARAS_SQLITE_CACHE_MB: '64' }).sqliteCacheMb, 64);
  for (const bad of ['0', '-5', '1.5', 'lots']) {
    assert.throws(() => loadConfig({ db: 'x.db' }, { SELARAS_SQLITE_CACHE_MB: bad }), /sqliteCacheMb/);
  }
});

test('a SQLite store opened with a cache size runs with that page cache', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'selaras-cache-'));
  try {
    for (const [mb, kib] of [
      [undefined, -262144],
      [64, -65536],
    ] as const) {
      const store = await openStore(join(dir, 's.db'), mb === undefined ? {} : { sqliteCacheMb: mb });
      try {
        const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(store.db);
        assert.equal(rows[0]?.cache_size, kib);
      } finally {
        await store.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
