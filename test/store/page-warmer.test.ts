// The page warmer reads a SQLite store's file in order on a thread of its own, ahead of a month's
// reads by id (page-warmer.ts): whole when asked to, nothing when the file cannot fit in the memory
// available or is cached already, and no further once stopped.
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cachedBySamples, warmFile } from '../../src/store/dialect/sqlite/page-warmer.js';
import { openStore } from '../../src/store/store.js';

let dir = '';
let file = '';
const SIZE = 24 << 20;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'selaras-warm-'));
  file = join(dir, 'store.db');
  await writeFile(file, Buffer.alloc(SIZE, 7));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('samples say cached only when at most a quarter of them were slower than the page cache', () => {
  const fast = Array.from({ length: 32 }, () => 0.4);
  assert.equal(cachedBySamples(fast), true);
  assert.equal(cachedBySamples([...fast.slice(0, 24), ...Array(8).fill(3)]), true);
  assert.equal(cachedBySamples([...fast.slice(0, 23), ...Array(9).fill(3)]), false);
  assert.equal(cachedBySamples(Array(32).fill(2.5)), false);
});

test('without sampling the whole file is read, in chunks, to its last byte', async () => {
  const warming = warmFile(file, { sample: false, chunkBytes: 1 << 20 });
  const result = await warming.done;
  assert.equal(result.status, 'read');
  assert.equal(result.bytes, SIZE);
  assert.deepEqual(await warming.stop(), result);
});

test('a file larger than the memory available is not read at all', async () => {
  const result = await warmFile(file, { availableBytes: SIZE - 1, sample: false }).done;
  assert.deepEqual({ status: result.status, bytes: result.bytes }, { status: 'too_large', bytes: 0 });
});

test('stopped before its first read, it reads nothing more', async () => {
  const warming = warmFile(file, { sample: false, chunkBytes: 1 << 16 });
  const result = await warming.stop();
  assert.equal(result.status, 'stopped');
  assert.ok(result.bytes < SIZE, `${result.bytes} bytes read after the stop`);
});

test('a missing file is reported, not thrown', async () => {
  const result = await warmFile(join(dir, 'none.db')).done;
  assert.equal(result.status, 'failed');
});

test('a SQLite store file has a warmer, unless SELARAS_WARM_STORE=off or it lives in memory', async () => {
  const path = join(dir, 's.db');
  const store = await openStore(path, {});
  try {
    assert.ok(store.warm, 'a store file has a warmer');
    const result = await store.warm().done;
    assert.match(result.status, /^(read|cached)$/);
    assert.equal(result.bytes, result.status === 'read' ? (await stat(path)).size : 0);
  } finally {
    await store.close();
  }
  const memory = await openStore(':memory:', {});
  try {
    assert.equal(memory.warm, undefined);
  } finally {
    await memory.close();
  }
  process.env.SELARAS_WARM_STORE = 'off';
  try {
    const off = await openStore(path, {});
    try {
      assert.equal(off.warm, undefined);
    } finally {
      await off.close();
    }
  } finally {
    delete process.env.SELARAS_WARM_STORE;
  }
});
