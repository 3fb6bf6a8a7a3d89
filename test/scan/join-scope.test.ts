// The month's join runs on worker threads (join-worker.ts), which cannot call the run's scope test:
// the scope travels to them as data (joinScopeOf) and is rebuilt there (contextOf). For every kind of
// scope, with failed schools, schools known only to the store and numbers nobody knows, the rebuilt
// context must answer exactly as the run's own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Selectable } from 'kysely';
import type { Manifest, SchoolRecord } from '../../src/domain/records.js';
import { digitsValue } from '../../src/extract/field-rules.js';
import { contextOf, joinScopeOf } from '../../src/scan/join-worker.js';
import type { JoinContext } from '../../src/scan/partition-join.js';
import type { SchoolsTable } from '../../src/store/schema.js';
import { inScopeTest } from '../../src/sync/sync-context.js';

const fresh = new Map(
  [
    ['10000001', '010101'],
    ['10000002', '020202'],
    ['00000123', '010199'],
  ].map(([npsn, kodeWilayah]) => [npsn!, { npsn, kodeWilayah } as SchoolRecord]),
);
const known = new Map(
  [
    ['10000001', '010101'],
    ['20000001', '010300'], // closed since, in province 01
    ['20000002', '030000'],
  ].map(([npsn, kode_wilayah]) => [npsn!, { npsn, kode_wilayah } as Selectable<SchoolsTable>]),
);

/** The run's context as ByteScreen builds it. */
function runContext(inScope: (npsn: string) => boolean): JoinContext {
  const valid = new Set([...fresh.keys()].map(digitsValue));
  return {
    validNpsn: (n) => valid.has(n),
    inScope: (n) => n !== 0 && inScope(String(n).padStart(8, '0')),
    flagged: new Set(['1:2:3', '4:5:6']),
  };
}

const scopes: { name: string; manifest: Manifest }[] = [
  {
    name: 'national',
    manifest: {
      snapshotId: 's',
      takenAt: '2026-01-01',
      scope: { kind: 'national' },
      failedNpsn: ['10000002'],
    },
  },
  {
    name: 'provinsi',
    manifest: {
      snapshotId: 's',
      takenAt: '2026-01-01',
      scope: { kind: 'provinsi', codes: ['01'] },
      failedNpsn: ['20000001'],
    },
  },
  {
    name: 'provinsi with an empty code',
    manifest: {
      snapshotId: 's',
      takenAt: '2026-01-01',
      scope: { kind: 'provinsi', codes: [''] },
      failedNpsn: [],
    },
  },
  {
    name: 'sekolah',
    manifest: {
      snapshotId: 's',
      takenAt: '2026-01-01',
      scope: { kind: 'sekolah', npsn: ['10000001', '30000003'] },
      failedNpsn: ['10000001'],
    },
  },
];

for (const { name, manifest } of scopes) {
  test(`${name}: the context a join worker rebuilds answers as the run's`, () => {
    const inScope = inScopeTest(manifest, { fresh, known, named: new Set() });
    const ctx = runContext(inScope);
    const scope = manifest.scope;
    const keys = [
      ...fresh.keys(),
      ...known.keys(),
      ...manifest.failedNpsn,
      ...(scope.kind === 'sekolah' ? scope.npsn : []),
    ];
    const rebuilt = contextOf(structuredClone(joinScopeOf(ctx, inScope, keys)));
    const asked = [
      0,
      1,
      123,
      10000001,
      10000002,
      20000001,
      20000002,
      30000003,
      99999999,
      123456789,
      2 ** 32 - 1,
    ];
    for (const key of keys) asked.push(Number(key));
    for (const n of asked) {
      assert.equal(rebuilt.inScope(n), ctx.inScope(n), `inScope(${n})`);
      assert.equal(rebuilt.validNpsn(n), ctx.validNpsn(n), `validNpsn(${n})`);
    }
    assert.deepEqual([...rebuilt.flagged].sort(), [...ctx.flagged].sort());
  });
}
