// The planning pass reads partitions ahead of the one it classifies (partitions.ts readAhead): reads
// start in order, never more than `depth` past the one asked for, each answer goes to its own ask,
// and a failed read fails only the ask that wants it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partitionRanges, readAhead } from '../../src/sync/partitions.js';

test('reads run at most depth partitions ahead, in order, each answer to its ask', async () => {
  const ranges = partitionRanges(10);
  const started: number[] = [];
  const ahead = readAhead(
    ranges,
    async (range) => {
      started.push(range.index);
      await new Promise((resolve) => setTimeout(resolve, (10 - range.index) * 2)); // later ones finish first
      return `p${range.index}`;
    },
    3,
  );
  for (let position = 0; position < ranges.length; position++) {
    const answer = await ahead(position);
    assert.equal(answer, `p${position}`);
    assert.equal(started.length, Math.min(ranges.length, position + 4), `started when asking ${position}`);
  }
  assert.deepEqual(
    started,
    ranges.map((r) => r.index),
  );
});

test('depth 0 reads each partition only when it is asked for', async () => {
  const ranges = partitionRanges(4);
  const started: number[] = [];
  const ahead = readAhead(ranges, async (range) => started.push(range.index), 0);
  for (let position = 0; position < ranges.length; position++) {
    await ahead(position);
    assert.equal(started.length, position + 1);
  }
});

test('a failed read fails its own ask; the reads after it are not left unhandled', async () => {
  const ranges = partitionRanges(6);
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const ahead = readAhead(
      ranges,
      async (range) => {
        if (range.index >= 1) throw new Error(`read ${range.index} failed`);
        return range.index;
      },
      4,
    );
    assert.equal(await ahead(0), 0);
    await assert.rejects(ahead(1), /read 1 failed/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
