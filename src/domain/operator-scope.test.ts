import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coversHeldScope, coversSchool, formatOperatorScope, parseOperatorScope } from './operator-scope.js';

function scope(role: string, code?: string) {
  const parsed = parseOperatorScope(role, code);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return parsed.value;
}

const KODE: Record<string, string> = { '32000001': '320101', '32000002': '320201', '51000001': '510101' };
const kodeOf = (npsn: string) => KODE[npsn];

describe('operator roles', () => {
  test('a role reads with its scope inline or given apart, and prints back the same', () => {
    assert.deepEqual(scope('dinas:32'), { role: 'dinas', scope: '32' });
    assert.deepEqual(scope('dinas', '3201'), { role: 'dinas', scope: '3201' });
    assert.deepEqual(scope('sekolah:32000001'), { role: 'sekolah', scope: '32000001' });
    assert.equal(formatOperatorScope(scope('nasional')), 'nasional');
    assert.equal(formatOperatorScope(scope('sekolah', '32000001')), 'sekolah:32000001');
  });

  test('roles without their scope, with a malformed one, or unknown are refused with a reason', () => {
    for (const [role, code] of [
      ['dinas', undefined],
      ['dinas:3x', undefined],
      ['dinas:1234567', undefined],
      ['sekolah:123', undefined],
      ['nasional:32', undefined],
      ['admin', undefined],
      ['dinas:32', '51'],
    ] as const) {
      const parsed = parseOperatorScope(role, code);
      assert.equal(parsed.ok, false, `${role} ${code ?? ''}`);
      if (!parsed.ok) assert.ok(parsed.message.length > 10);
    }
  });

  test('a dinas prefix covers the schools whose kode_wilayah starts with it, a sekolah only its NPSN', () => {
    const school = { npsn: '32000001', kodeWilayah: '320101' };
    assert.equal(coversSchool(scope('nasional'), school), true);
    assert.equal(coversSchool(scope('dinas:32'), school), true);
    assert.equal(coversSchool(scope('dinas:3201'), school), true);
    assert.equal(coversSchool(scope('dinas:3202'), school), false);
    assert.equal(coversSchool(scope('dinas:51'), school), false);
    assert.equal(coversSchool(scope('sekolah:32000001'), school), true);
    assert.equal(coversSchool(scope('sekolah:32000002'), school), false);
  });

  test('a held scope is decided only by someone whose area contains all of it', () => {
    assert.equal(coversHeldScope(scope('nasional'), 'run', kodeOf), true);
    assert.equal(coversHeldScope(scope('dinas:32'), 'run', kodeOf), false);
    assert.equal(coversHeldScope(scope('dinas:32'), 'provinsi:32', kodeOf), true);
    assert.equal(
      coversHeldScope(scope('dinas:3201'), 'provinsi:32', kodeOf),
      false,
      'a district is not the province',
    );
    assert.equal(coversHeldScope(scope('dinas:51'), 'provinsi:32', kodeOf), false);
    assert.equal(coversHeldScope(scope('dinas:3201'), 'sekolah:32000001', kodeOf), true);
    assert.equal(coversHeldScope(scope('dinas:3201'), 'sekolah:32000002', kodeOf), false);
    assert.equal(coversHeldScope(scope('sekolah:32000001'), 'sekolah:32000001', kodeOf), true);
    assert.equal(coversHeldScope(scope('sekolah:32000001'), 'provinsi:32', kodeOf), false);
    assert.equal(coversHeldScope(scope('dinas:32'), 'sekolah:99999999', kodeOf), false, 'an unknown school');
  });
});
