import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AppError } from '../../src/errors.js';
import { parseManifest, readManifest } from '../../src/extract/manifest.js';
import { tempDir } from './fixtures.js';

test('a national manifest is read, with failed_npsn defaulting to none', async () => {
  const dir = await tempDir(after);
  await writeFile(
    join(dir, 'manifest.json'),
    '\uFEFF{"snapshot_id":"s-1","taken_at":"2024-02-29","scope":{"kind":"national"},"extra":1}',
  );
  assert.deepEqual(await readManifest(dir), {
    snapshotId: 's-1',
    takenAt: '2024-02-29',
    scope: { kind: 'national' },
    failedNpsn: [],
  });
});

test('provinsi and sekolah scopes and failed_npsn are kept', () => {
  const provinsi = parseManifest({
    snapshot_id: 's-2',
    taken_at: '2025-01-31',
    scope: { kind: 'provinsi', codes: ['01', '35', '01'] },
    failed_npsn: ['20100001'],
  });
  assert.deepEqual(provinsi.scope, { kind: 'provinsi', codes: ['01', '35'] });
  assert.deepEqual(provinsi.failedNpsn, ['20100001']);
  const sekolah = parseManifest({
    snapshot_id: 's-3',
    taken_at: '2025-01-31',
    scope: { kind: 'sekolah', npsn: ['20100001'] },
  });
  assert.deepEqual(sekolah.scope, { kind: 'sekolah', npsn: ['20100001'] });
  assert.deepEqual(parseManifest({ ...sekolahJson(), failed_npsn: null }).failedNpsn, []);
});

function sekolahJson() {
  return { snapshot_id: 's-3', taken_at: '2025-01-31', scope: { kind: 'sekolah', npsn: ['20100001'] } };
}

test('a missing manifest is bad input naming the file', async () => {
  const dir = await tempDir(after);
  await assert.rejects(readManifest(dir), (err: unknown) => {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'bad_input');
    assert.match(err.message, /manifest\.json is missing/);
    return true;
  });
});

test('an invalid manifest error names the file', () => {
  assert.throws(
    () => parseManifest({ snapshot_id: 's', taken_at: '2025-13-01', scope: { kind: 'national' } }),
    /^AppError: manifest\.json: taken_at "2025-13-01" is not a valid YYYY-MM-DD date$/,
  );
});
