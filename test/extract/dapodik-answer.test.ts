// The pure parts of the Dapodik Web Service source: reading an answer body, mapping its rows onto
// extract columns, Retry-After, backoff and the per-host cap.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnswer, quoteLongIntegers } from '../../src/extract/dapodik-answer.js';
import { backoffMs, endpointUrl, redact, retryAfterMs } from '../../src/extract/dapodik-client.js';
import { mapRow, PD_MAPPING, PTK_MAPPING, SEKOLAH_MAPPING } from '../../src/extract/dapodik-rows.js';
import { Semaphore } from '../../src/extract/host-limiter.js';

describe('reading an answer of the Dapodik Web Service', () => {
  it('takes rows as an array, and a getSekolah object as one row', () => {
    assert.deepEqual(parseAnswer('{"results":2,"id":"x","start":0,"limit":2,"rows":[{"a":1},{"a":2}]}'), {
      ok: true,
      rows: [{ a: 1 }, { a: 2 }],
    });
    assert.deepEqual(parseAnswer('{"results":1,"rows":{"npsn":"20100001"}}'), {
      ok: true,
      rows: [{ npsn: '20100001' }],
    });
  });

  it('reads {success: false, message} as a failure whatever the HTTP status was', () => {
    assert.deepEqual(parseAnswer('{"success":false,"message":"Data tidak ditemukan"}'), {
      ok: false,
      reason: 'service error: Data tidak ditemukan',
    });
  });

  it('reads plain-text Access denied, an empty body, HTML and an empty row list as failures', () => {
    assert.deepEqual(parseAnswer('Access denied'), { ok: false, reason: 'access denied (Access denied)' });
    assert.deepEqual(parseAnswer('  \n'), { ok: false, reason: 'empty answer' });
    assert.deepEqual(parseAnswer('<html>NIK 3201</html>'), { ok: false, reason: 'answer is not JSON' });
    assert.deepEqual(parseAnswer('{"results":0,"rows":[]}'), { ok: false, reason: 'no data (empty rows)' });
    assert.deepEqual(parseAnswer('{"results":0,"rows":{}}'), { ok: false, reason: 'no data (empty rows)' });
    assert.deepEqual(parseAnswer('{"results":0}'), { ok: false, reason: 'answer has no rows' });
    assert.deepEqual(parseAnswer('[1]'), { ok: false, reason: 'answer is not a JSON object' });
  });

  it('refuses an answer that holds fewer rows than its results count', () => {
    assert.deepEqual(parseAnswer('{"results":"3","rows":[{"a":1}]}'), {
      ok: false,
      reason: 'answer holds 1 of 3 rows',
    });
  });

  it('keeps every digit of a 16- or 18-digit id sent as a number', () => {
    const parsed = parseAnswer('\uFEFF{"rows":[{"nik":3201234567890123,"nip":198001012005011003,"n":7}]}');
    assert.deepEqual(parsed, {
      ok: true,
      rows: [{ nik: '3201234567890123', nip: '198001012005011003', n: 7 }],
    });
  });

  it('quotes only long integer literals outside strings', () => {
    const text = '{"a":"x 1234567890123456 \\" 9999999999999999","b":-1234567890123456,"c":1.5e300,"d":12}';
    assert.equal(
      quoteLongIntegers(text),
      '{"a":"x 1234567890123456 \\" 9999999999999999","b":"-1234567890123456","c":1.5e300,"d":12}',
    );
  });
});

describe('mapping service rows onto extract columns', () => {
  it('maps a documented getSekolah row, trimming the padded kode_wilayah', () => {
    const row = {
      sekolah_id: 'S-1',
      npsn: 20100001,
      nama: 'SD Negeri 1',
      bentuk_pendidikan_id: 5,
      bentuk_pendidikan_id_str: 'SD',
      status_sekolah: '1',
      status_sekolah_str: 'Negeri',
      kode_wilayah: '016001  ',
    };
    assert.deepEqual(mapRow(SEKOLAH_MAPPING, row, '20100001', 0), {
      ok: true,
      fields: ['S-1', '20100001', 'SD Negeri 1', 'SD', 'Negeri', '016001'],
    });
    const coded = { npsn: '20100001', nama: 'x', status_sekolah: 2, kode_wilayah: '01' };
    assert.deepEqual(mapRow(SEKOLAH_MAPPING, coded, '20100001', 0), {
      ok: true,
      fields: ['', '20100001', 'x', '', 'Swasta', '01'],
    });
  });

  it('maps a getGtk row, dropping leaked keys and leaving missing ones empty', () => {
    const row = {
      ptk_terdaftar_id: 'PT-1',
      ptk_id: 'P-1',
      nama: ' Siti Rahayu, S.Pd. ',
      nik: '3201234567890123',
      nip: null,
      jenis_kelamin: 'P',
      tanggal_lahir: '1985-02-03 00:00:00',
      jenis_ptk_id: 4,
      jenis_ptk_id_str: 'Guru Mapel',
      ptk_induk: 1,
      nisn: '0051234567',
      tingkat_pendidikan_id: 4,
    };
    assert.deepEqual(mapRow(PTK_MAPPING, row, '20100001', 0), {
      ok: true,
      fields: [
        'PT-1',
        'P-1',
        'Siti Rahayu, S.Pd.',
        '3201234567890123',
        '',
        '',
        'P',
        '1985-02-03',
        '',
        'Guru Mapel',
        '20100001',
        '1',
        '',
        '',
      ],
    });
  });

  it('puts back the leading zeros a numeric NISN lost', () => {
    const row = {
      registrasi_id: 7,
      peserta_didik_id: 'D-1',
      nisn: 51234567,
      nama: 'Ayu',
      tanggal_lahir: '2014-01-02',
      tingkat_pendidikan_id: 4,
    };
    const mapped = mapRow(PD_MAPPING, row, '20100001', 0);
    assert.deepEqual(mapped, {
      ok: true,
      fields: ['7', 'D-1', '0051234567', '', 'Ayu', '', '2014-01-02', '', '20100001', '4', '', ''],
    });
  });

  it('rejects with a reason the rows that cannot be tied to a record', () => {
    const pupil = { registrasi_id: 'R-1', peserta_didik_id: 'D-1', nama: 'Ayu' };
    assert.deepEqual(mapRow(PTK_MAPPING, pupil, '20100001', 2), {
      ok: false,
      reason: 'getGtk row 3 is a peserta_didik record, not a PTK',
    });
    assert.deepEqual(mapRow(PD_MAPPING, { peserta_didik_id: 'D-1' }, '20100001', 0), {
      ok: false,
      reason: 'getPesertaDidik row 1 has no registrasi_id',
    });
    assert.deepEqual(mapRow(PD_MAPPING, null, '20100001', 4), {
      ok: false,
      reason: 'getPesertaDidik row 5 is not an object',
    });
    const nested = { ptk_terdaftar_id: 'PT-1', ptk_id: 'P-1', nama: { depan: 'Siti' } };
    assert.deepEqual(mapRow(PTK_MAPPING, nested, '20100001', 0), {
      ok: false,
      reason: 'getGtk row 1: nama is not a plain value',
    });
  });
});

describe('the HTTP client helpers', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-07-01T00:00:00Z');
    assert.equal(retryAfterMs('7', now), 7000);
    assert.equal(retryAfterMs('Wed, 01 Jul 2026 00:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('Tue, 30 Jun 2026 00:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(null, now), undefined);
  });

  it('backs off exponentially with jitter, never over the cap', () => {
    const policy = { retries: 9, baseMs: 100, capMs: 1000, maxRetryAfterMs: 5000 };
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, policy, `u#${attempt}`));
    const ceilings = [100, 200, 400, 800, 1000, 1000];
    delays.forEach((d, i) => {
      assert.ok(d >= ceilings[i]! / 2 && d <= ceilings[i]!, `attempt ${i + 1}: ${d}`);
    });
    assert.equal(backoffMs(3, policy, 'same'), backoffMs(3, policy, 'same'));
  });

  it('builds endpoint URLs under any path prefix of the base', () => {
    const at = (base: string) => endpointUrl(new URL(base), 'getGtk', '20100001').href;
    assert.equal(at('http://h:5774'), 'http://h:5774/WebService/getGtk?npsn=20100001');
    assert.equal(at('http://h:5774/dapo/'), 'http://h:5774/dapo/WebService/getGtk?npsn=20100001');
  });

  it('redacts every copy of the token', () => {
    assert.equal(redact('a SECRET b SECRET', 'SECRET'), 'a [token] b [token]');
  });

  it('never lets more than the limit run at once, and serves waiters in order', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        semaphore.run(async () => {
          running++;
          peak = Math.max(peak, running);
          order.push(i);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
        }),
      ),
    );
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  });
});
