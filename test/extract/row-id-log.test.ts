import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashId, RowIdLog } from '../../src/extract/row-id-log.js';

const uuid = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

describe('RowIdLog', () => {
  test('it groups the values of every id added more than once, in the order added', () => {
    const log = new RowIdLog();
    for (let i = 0; i < 100_000; i++) log.add(uuid(i), i + 2);
    log.add(uuid(5), 100_002);
    log.add('plain-id', 7);
    log.add('plain-id', -9);
    log.add(uuid(99_999), -100_003);
    log.add('plain-id', 11);
    log.add(uuid(5), 100_004);
    const groups = log.candidates().map((g) => g.join(' '));
    assert.deepEqual(groups.sort(), ['100001 -100003', '7 -9 11', '7 100002 100004'].sort());
  });

  test('ids added once each make no candidates', () => {
    const log = new RowIdLog();
    for (let i = 0; i < 10_000; i++) log.add(`id-${i}`, i + 1);
    assert.deepEqual(log.candidates(), []);
  });
});

describe('hashId', () => {
  test('it gives 64 bits that differ between near-identical ids and depend on case', () => {
    const seen = new Set<string>();
    const h = new Int32Array(2);
    const ids = [...Array.from({ length: 50_000 }, (_, i) => uuid(i)), 'ABC', 'abc', 'ab', 'abc ', ''];
    for (const id of ids) {
      hashId(id, h);
      seen.add(`${h[0]}:${h[1]}`);
    }
    assert.equal(seen.size, ids.length);
  });
});
