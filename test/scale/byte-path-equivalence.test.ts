// Speed never changes a decision (issue 7), for the byte path: a store whose monthly syncs scan the
// extract as bytes and parse only the persons its state cannot rule out ends every month exactly
// like a store made to read every row the careful way. The months carry what the byte path has to
// get right: the July rollover, rows that are rejected (a bad date, a row with a field too many),
// names quoted with commas, a name of 12 KB, a re-keyed pupil, a school's rows held and approved, rows that move
// within the file, and a month whose extract is unchanged but for one person.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { evolveExtract } from '../../src/generate/extract-evolver.js';
import { generateExtract } from '../../src/generate/population-builder.js';
import { LOADED_TABLES } from '../../src/store/index-deferral.js';
import type { Store } from '../../src/store/store.js';
import { decide } from '../../src/sync/approval-service.js';
import type { SyncReport } from '../../src/sync/report.js';
import { lastSyncTimings, type SyncOptions, syncExtract } from '../../src/sync/sync-service.js';
import { DIALECTS, type FreshStore, freshStore, skipReason } from '../support/stores.js';

const NOW = new Date('2026-07-20T02:00:00Z');
const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

let root = '';
const month = (n: number) => join(root, `month-${n}`);

/** Rewrites one CSV of an extract line by line. */
async function edit(dir: string, file: string, change: (lines: string[]) => string[]): Promise<void> {
  const path = join(dir, file);
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  const last = lines.pop(); // '' after the final newline
  await writeFile(path, `${change(lines).join('\n')}\n${last ?? ''}`);
}

function columnOf(header: string, name: string): number {
  return header.split(',').indexOf(name);
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'selaras-bytes-'));
  await generateExtract({ outDir: month(1), schools: 40, seed: 31, takenAt: '2026-06-15' });
  await evolveExtract({ fromDir: month(1), outDir: month(2), months: 1, seed: 31 });
  await evolveExtract({ fromDir: month(2), outDir: month(3), months: 1, seed: 32 });
  // Month 3 also: a pupil's birth date broken, a row with a stray field, a PTK name quoted with a
  // comma, a pupil re-keyed (new peserta_didik_id, same NISN), and the pupil rows shuffled.
  await edit(month(3), 'peserta_didik.csv', (lines) => {
    const [header, ...rows] = lines as [string, ...string[]];
    const birth = columnOf(header, 'tanggal_lahir');
    const id = columnOf(header, 'peserta_didik_id');
    const broken = rows[5]!.split(',');
    broken[birth] = '2010-02-30';
    rows[5] = broken.join(',');
    rows[9] = `${rows[9]},stray`;
    const rekeyed = rows[14]!.split(',');
    rekeyed[id] = '0f0f0f0f-1111-4222-8333-444455556666';
    rows[14] = rekeyed.join(',');
    // A row longer than the scan's first read window (8 KiB) is read again, whole and alone.
    const nama = columnOf(header, 'nama');
    const long = rows[20]!.split(',');
    long[nama] = `${long[nama]} ${'Panjang '.repeat(1500)}`.trim();
    rows[20] = long.join(',');
    return [header, ...rows.reverse()];
  });
  await edit(month(3), 'ptk.csv', (lines) => {
    const [header, ...rows] = lines as [string, ...string[]];
    const nama = columnOf(header, 'nama');
    const plain = rows.findIndex((row) => !row.includes('"'));
    const renamed = rows[plain]!.split(',');
    renamed[nama] = '"Sri Wahyuni, S.Pd., Gr."';
    rows[plain] = renamed.join(',');
    return [header, ...rows];
  });
  await evolveExtract({ fromDir: month(3), outDir: month(4), months: 1, seed: 33 });
  await evolveExtract({ fromDir: month(4), outDir: month(5), months: 1, seed: 34 });
  // Month 6: a PTK row whose quotes do not balance. The scan cannot cut such a file by lines, so the
  // careful reader takes the whole extract.
  await evolveExtract({ fromDir: month(4), outDir: month(6), months: 1, seed: 35 });
  await edit(month(6), 'ptk.csv', (lines) => {
    const [header, ...rows] = lines as [string, ...string[]];
    const nama = columnOf(header, 'nama');
    const plain = rows.findIndex((row) => !row.includes('"'));
    const broken = rows[plain]!.split(',');
    broken[nama] = `"${broken[nama]}`;
    rows[plain] = broken.join(',');
    return [header, ...rows];
  });
  // Month 7: one school still listed but without a single row (held for approval); month 8 after.
  await evolveExtract({ fromDir: month(5), outDir: month(7), months: 1, seed: 36 });
  const pupils = (await readFile(join(month(7), 'peserta_didik.csv'), 'utf8')).split('\n');
  const emptied = pupils[1]!.split(',')[columnOf(pupils[0]!, 'npsn')]!;
  for (const file of ['peserta_didik.csv', 'ptk.csv']) {
    await edit(month(7), file, (lines) => {
      const [header, ...rows] = lines as [string, ...string[]];
      const npsn = columnOf(header, 'npsn');
      return [header, ...rows.filter((row) => row.split(',')[npsn] !== emptied)];
    });
  }
  await evolveExtract({ fromDir: month(7), outDir: month(8), months: 1, seed: 37 });
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

function options(dataDir: string, careful = false): SyncOptions {
  return {
    careful,
    // The byte store's first load builds its secondary indexes at the end, the careful one keeps them
    // up to date row by row: neither may change a decision.
    deferIndexesFrom: careful ? Number.POSITIVE_INFINITY : 1,
    firstLoadCommitEvery: 600, // three batches of 200 to a commit
    policy: DEFAULT_POLICY,
    plan: false,
    partitions: 16,
    batchSize: 200,
    dataDir,
    now: () => NOW,
    actor: 'byte-path-equivalence',
    lang: 'id',
  };
}

/** What a store holds, named by natural keys (ids are handed out in write order). */
async function state(store: Store): Promise<string[]> {
  const accounts = await store.db.selectFrom('accounts').selectAll().execute();
  const key = new Map(accounts.map((a) => [Number(a.id), `${a.person_id}|${a.jenjang}`]));
  const out: string[] = [];
  for (const { id, ...a } of accounts) out.push(`account ${key.get(Number(id))} ${JSON.stringify(a)}`);
  for (const p of await store.db.selectFrom('persons').selectAll().execute())
    out.push(`person ${JSON.stringify(p)}`);
  for (const e of await store.db.selectFrom('events').selectAll().execute()) {
    const { id, seq, account_id, ...rest } = e;
    void id;
    void seq;
    out.push(`event ${account_id === null ? '-' : key.get(Number(account_id))} ${JSON.stringify(rest)}`);
  }
  for (const r of await store.db.selectFrom('rejects').selectAll().execute()) {
    const { id, ...rest } = r as Record<string, unknown>;
    void id;
    out.push(`reject ${JSON.stringify(rest)}`);
  }
  return out.sort();
}

function firstDifference(a: string[], b: string[]): string {
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? Math.min(a.length, b.length) : i;
  return `${a.length} vs ${b.length} lines; first difference at ${at}:\n  careful: ${a[at]?.slice(0, 1500)}\n  bytes:   ${b[at]?.slice(0, 1500)}`;
}

for (const dialect of DIALECTS) {
  describe(`the byte path and the careful path decide the same (${dialect})`, {
    skip: skips.get(dialect),
  }, () => {
    let careful: FreshStore | undefined;
    let bytes: FreshStore | undefined;
    let dataDir = '';

    before(async () => {
      careful = await freshStore(dialect);
      bytes = await freshStore(dialect);
      dataDir = await mkdtemp(join(tmpdir(), 'selaras-bytes-data-'));
    });

    after(async () => {
      await careful?.dispose();
      await bytes?.dispose();
      await rm(dataDir, { recursive: true, force: true });
    });

    /** Syncs one month into both stores; the careful store reads every row with the streaming reader. */
    async function both(dir: string): Promise<{ a: SyncReport; b: SyncReport; path: string | undefined }> {
      const a = await syncExtract(careful!.store, dir, options(dataDir, true));
      if (a.status !== 'unchanged') assert.equal(lastSyncTimings()?.path, 'careful');
      const b = await syncExtract(bytes!.store, dir, options(dataDir));
      const path = b.status === 'unchanged' ? undefined : lastSyncTimings()?.path;
      // A SQLite store file is read ahead of the sync's reads (page-warmer.ts), or found cached.
      const warm = lastSyncTimings()?.store_warm?.status;
      if (dialect === 'sqlite' && b.status !== 'unchanged') assert.match(String(warm), /^(read|cached)$/);
      if (dialect === 'postgres') assert.equal(warm, undefined);
      assert.deepEqual({ ...b, run_id: null }, { ...a, run_id: null });
      const [sa, sb] = [await state(careful!.store), await state(bytes!.store)];
      if (JSON.stringify(sa) !== JSON.stringify(sb)) assert.fail(firstDifference(sa, sb));
      return { a, b, path };
    }

    test('the first load reads every row, and leaves a state for the next month', async () => {
      const { b, path } = await both(month(1));
      assert.equal(b.status, 'applied');
      assert.equal(path, 'full');
      const mark = await bytes!.store.db.selectFrom('screen_state').select('mark').executeTakeFirstOrThrow();
      assert.match(mark.mark ?? '', /^[0-9a-f]{32}$/);
      const indexes = await careful!.store.deferrableIndexes(LOADED_TABLES);
      assert.ok(indexes.length >= 10, `the tables have their secondary indexes: ${indexes.length}`);
      assert.deepEqual(await bytes!.store.deferrableIndexes(LOADED_TABLES), indexes);
      const left = await bytes!.store.db.selectFrom('deferred_indexes').selectAll().execute();
      assert.deepEqual(left, [], 'every deferred index was built again');
    });

    test('a month across July takes the byte path and decides the same', async () => {
      const { b, path } = await both(month(2));
      assert.equal(path, 'fast');
      assert.ok(Object.values(b.counts).reduce((n, c) => n + c, 0) > 0, 'the month changes something');
    });

    test('rejected rows, quoted names, a re-key and shuffled rows decide the same', async () => {
      const { b, path } = await both(month(3));
      assert.equal(path, 'fast');
      assert.ok(b.rejected_rows >= 2, `rows were rejected: ${b.rejected_rows}`);
      const rekeyed = await bytes!.store.db
        .selectFrom('persons')
        .select(['person_id', 'previous_id'])
        .where('person_id', '=', '0f0f0f0f-1111-4222-8333-444455556666')
        .executeTakeFirst();
      assert.ok(rekeyed?.previous_id, 'the pupil was re-keyed, not replaced');
    });

    test('the month after, and the same extract again, decide the same', async () => {
      const next = await both(month(4));
      assert.equal(next.path, 'fast');
      const again = await both(month(4));
      assert.equal(again.b.status, 'unchanged');
    });

    test('a state the store no longer vouches for is not used', async () => {
      await bytes!.store.db.updateTable('screen_state').set({ mark: null }).execute();
      const { path } = await both(month(5));
      assert.equal(path, 'full');
    });

    test('an extract the scan cannot cut by lines is read the careful way, and decides the same', async () => {
      const { b, path } = await both(month(6));
      assert.equal(path, 'careful');
      assert.ok(b.rejected_rows > 0, 'the broken row is rejected');
    });

    test('a school held and approved, and the month after, decide the same', async () => {
      const held = await both(month(7));
      assert.equal(held.b.status, 'partly_held', JSON.stringify(held.b.held));
      const decision = {
        decision: 'approve' as const,
        actor: 'byte-path-equivalence',
        now: () => NOW,
        batchSize: 200,
        policy: DEFAULT_POLICY,
        lang: 'id' as const,
      };
      await decide(careful!.store, held.a.run_id!, decision);
      await decide(bytes!.store, held.b.run_id!, decision);
      const mark = await bytes!.store.db.selectFrom('screen_state').select('mark').executeTakeFirstOrThrow();
      assert.equal(mark.mark, null, 'an approval writes persons the state does not know: it is dropped');
      const after = await both(month(8));
      assert.equal(after.path, 'full');
    });
  });
}
