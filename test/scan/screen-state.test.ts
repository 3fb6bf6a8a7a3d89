// A month carries nearly every state record over to the next state (byte-screen.ts): SegmentBuilder
// copies runs of records as blocks of words and id bytes. Whatever the runs, gaps and records added
// between them, the segment read back must hold exactly the records and ids a record-by-record
// rebuild would.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  FLAG_KNOWN,
  idOf,
  npsnsOf,
  readStatePartition,
  S_FLAGS,
  S_HASH_A,
  S_HASH_B,
  S_REC,
  SegmentBuilder,
  type StatePartition,
} from '../../src/scan/screen-state.js';

const record = fc.record({
  key: fc.tuple(fc.nat(), fc.nat(), fc.nat()),
  hash: fc.tuple(fc.nat(), fc.nat()),
  known: fc.boolean(),
  npsns: fc.option(fc.array(fc.integer({ min: 1, max: 99_999_999 }), { maxLength: 3 }), { nil: null }),
  id: fc.stringMatching(/^[0-9A-Za-z-]{0,12}$/),
});
type Rec = typeof record extends fc.Arbitrary<infer T> ? T : never;

function addAll(seg: SegmentBuilder, recs: readonly Rec[]): void {
  for (const r of recs) seg.add(r.key, 0, r.hash[0], r.hash[1], r.known, r.npsns, r.id);
}

/** Record i of a partition as add() takes it. */
function decoded(part: StatePartition, i: number): Rec {
  const b = i * S_REC;
  const flags = part.recs[b + S_FLAGS]!;
  return {
    key: [part.recs[b]!, part.recs[b + 1]!, part.recs[b + 2]!],
    hash: [part.recs[b + S_HASH_A]!, part.recs[b + S_HASH_B]!],
    known: (flags & FLAG_KNOWN) !== 0,
    npsns: npsnsOf(part, i),
    id: idOf(part, i),
  };
}

test('records copied in runs read back as the same records, rebuilt one by one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'selaras-state-'));
  try {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 60 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        fc.array(record, { maxLength: 5 }),
        (old, picks, extra) => {
          const first = new SegmentBuilder();
          addAll(first, old);
          first.write(join(dir, 's-0000-a.bin'));
          const part = readStatePartition(dir, 0);
          const chosen = old.map((_, i) => i).filter((i) => picks[i] ?? false);
          const copied = new SegmentBuilder();
          const rebuilt = new SegmentBuilder();
          const half = Math.floor(chosen.length / 2);
          copied.copyMany(part, chosen.slice(0, half));
          addAll(copied, extra);
          copied.copyMany(part, chosen.slice(half));
          addAll(
            rebuilt,
            chosen.slice(0, half).map((i) => decoded(part, i)),
          );
          addAll(rebuilt, extra);
          addAll(
            rebuilt,
            chosen.slice(half).map((i) => decoded(part, i)),
          );
          rmSync(join(dir, 's-0000-a.bin'));
          copied.write(join(dir, 's-0001-a.bin'));
          rebuilt.write(join(dir, 's-0002-a.bin'));
          const a = readStatePartition(dir, 1);
          const b = readStatePartition(dir, 2);
          rmSync(join(dir, 's-0001-a.bin'));
          rmSync(join(dir, 's-0002-a.bin'));
          assert.equal(a.count, chosen.length + extra.length);
          assert.deepEqual(a.recs, b.recs);
          assert.deepEqual(a.at, b.at);
          assert.equal(a.ids.toString('latin1'), b.ids.toString('latin1'));
          for (let i = 0; i < a.count; i++) assert.deepEqual(decoded(a, i), decoded(b, i));
        },
      ),
      { numRuns: 300 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
