// Pulling from a Dapodik-Web-Service-like server on 127.0.0.1 (test/fixtures/dapodik-server.ts):
// the extract written for schools read well, each quirk of the service, schools that fail (held,
// never emptied), retries with backoff and Retry-After, the cap on requests in flight per host,
// and a token that never leaves the Authorization header.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RetryEvent } from '../../src/extract/dapodik-client.js';
import { type PullOptions, type PullReport, pullDapodik } from '../../src/extract/dapodik-source.js';
import { readManifest } from '../../src/extract/manifest.js';
import {
  DapodikServer,
  gtkRow,
  JsonNumber,
  pdRow,
  type ServiceSchool,
  sampleSchool,
  sekolahRow,
} from '../fixtures/dapodik-server.js';

const TOKEN = 'tok-7f3a9c1e5b2d4f60a8c3';
const FAST = { retries: 2, baseMs: 5, capMs: 20, maxRetryAfterMs: 5_000 };
const dirs: string[] = [];

async function pull(server: DapodikServer, npsn: string[], more: Partial<PullOptions> = {}) {
  const out = join(await mkdtemp(join(tmpdir(), 'selaras-dapodik-')), 'extract');
  dirs.push(out);
  const report = await pullDapodik({
    url: server.url,
    token: TOKEN,
    npsn,
    out,
    takenAt: '2026-07-01',
    timeoutMs: 2_000,
    retry: FAST,
    ...more,
  });
  return { out, report };
}

/** The first field of each data line of a CSV text. */
function rowIds(csv: string | undefined): string[] {
  return (csv ?? '')
    .split('\n')
    .slice(1, -1)
    .map((line) => line.split(',')[0]!);
}

/** Every file of the extract directory by name (a hidden work directory would show here too). */
async function filesOf(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(join(dir, name), 'utf8');
  return out;
}

function manifestText(report: PullReport, npsn: string[], failed: string[]): string {
  const manifest = {
    snapshot_id: report.snapshot.id,
    taken_at: '2026-07-01',
    scope: { kind: 'sekolah', npsn },
    failed_npsn: failed,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const SEKOLAH_HEADER = 'sekolah_id,npsn,nama,bentuk_pendidikan,status_sekolah,kode_wilayah\n';
const PTK_HEADER =
  'ptk_terdaftar_id,ptk_id,nama,nik,nuptk,nip,jenis_kelamin,tanggal_lahir,email,jenis_ptk,npsn,ptk_induk,jenis_keluar,tanggal_keluar\n';
const PD_HEADER =
  'registrasi_id,peserta_didik_id,nisn,nik,nama,jenis_kelamin,tanggal_lahir,email,npsn,tingkat_pendidikan,jenis_keluar,tanggal_keluar\n';

/** School A: ids as numbers and strings alike, pupils answered out of order. */
const SCHOOL_A: ServiceSchool = {
  sekolah: sekolahRow(20100001, 'SD', 'SD Negeri Menteng 01'),
  gtk: [
    gtkRow({
      ptkTerdaftarId: 'PT-A-1',
      ptkId: 'PTK-A-1',
      nama: 'Siti Rahayu, S.Pd.',
      nik: new JsonNumber('3171014501850001'),
      nuptk: '1234567890123456',
      nip: '198501052010012001',
      jenisKelamin: 'P',
      tanggalLahir: '1985-01-05',
      email: 'siti.rahayu@pribadi.example',
      jenisPtk: 'Kepala Sekolah',
      ptkInduk: 1,
    }),
    gtkRow({
      ptkTerdaftarId: 'PT-A-2',
      ptkId: 'PTK-A-2',
      nama: 'Budi Santoso',
      nik: '3171010202900002',
      jenisKelamin: 'L',
      tanggalLahir: '1990-02-02',
      jenisPtk: 'Guru Kelas',
      ptkInduk: '0',
    }),
  ],
  pd: [
    pdRow({
      registrasiId: 'REG-A-2',
      pdId: 'PD-A-2',
      nisn: 51234567,
      nik: new JsonNumber('3171016303150003'),
      nama: 'Ayu Lestari',
      jenisKelamin: 'P',
      tanggalLahir: '2015-03-23',
      tingkat: 4,
    }),
    pdRow({
      registrasiId: 'REG-A-1',
      pdId: 'PD-A-1',
      nisn: '0149876543',
      nik: '3171011111140004',
      nama: 'Bagus Pratama',
      jenisKelamin: 'L',
      tanggalLahir: '2014-11-11',
      tingkat: '5',
    }),
  ],
};

function person(school: string, i: number, nama: string) {
  const pad = String(i).padStart(2, '0');
  return {
    teacher: gtkRow({
      ptkTerdaftarId: `PT-${school}-${i}`,
      ptkId: `PTK-${school}-${i}`,
      nama,
      nik: `31710155058800${pad}`,
      jenisKelamin: 'P',
      tanggalLahir: `1988-05-${pad}`,
      email: `guru${i}@pribadi.example`,
      jenisPtk: 'Guru Mapel',
    }),
    pupil: pdRow({
      registrasiId: `REG-${school}-${i}`,
      pdId: `PD-${school}-${i}`,
      nisn: `01212345${pad}`,
      nik: `31710112121300${pad}`,
      nama: `${nama} Putri`,
      jenisKelamin: 'P',
      tanggalLahir: `2012-12-${pad}`,
      email: `murid${i}@pribadi.example`,
      tingkat: 7,
    }),
  };
}

function schoolOf(npsn: string, bentuk: string, school: string, names: string[]): ServiceSchool {
  const people = names.map((nama, i) => person(school, i + 1, nama));
  return {
    sekolah: sekolahRow(npsn, bentuk, `${bentuk} Negeri ${school}`),
    gtk: people.map((p) => p.teacher),
    pd: people.map((p) => p.pupil),
  };
}

let server: DapodikServer;
before(async () => {
  server = await DapodikServer.start(TOKEN);
});
after(async () => {
  await server.close();
  await Promise.all(dirs.map((d) => rm(join(d, '..'), { recursive: true, force: true })));
});

describe('pulling schools from the Dapodik Web Service', () => {
  it('writes the schools it read as an extract with a sekolah scope, exactly', async () => {
    server.set('20100001', SCHOOL_A, 'ok');
    server.set('20100002', schoolOf('20100002', 'SMP', 'B', ['Dewi Lestari']), 'html');
    server.set(
      '20100003',
      schoolOf('20100003', 'SD', 'C', ['Eko Prasetyo', 'Fitri Handayani', 'Gilang Ramadhan']),
      'leaking-keys',
    );
    const npsn = ['20100003', '20100001', '20100002', '20100001'];
    const { out, report } = await pull(server, npsn);
    const all = ['20100001', '20100002', '20100003'];
    assert.match(report.snapshot.id, /^dapodik-2026-07-01-[0-9a-f]{16}$/);
    assert.deepEqual(report.failed_npsn, []);
    assert.deepEqual(
      report.schools.map((s) => [s.npsn, s.status, s.ptk, s.peserta_didik]),
      [
        ['20100001', 'ok', 2, 2],
        ['20100002', 'ok', 1, 1],
        ['20100003', 'ok', 3, 3],
      ],
    );
    assert.deepEqual(await filesOf(out), {
      'manifest.json': manifestText(report, all, []),
      'sekolah.csv':
        SEKOLAH_HEADER +
        'SEK-20100001,20100001,SD Negeri Menteng 01,SD,Negeri,016001\n' +
        'SEK-20100002,20100002,SMP Negeri B,SMP,Negeri,016001\n' +
        'SEK-20100003,20100003,SD Negeri C,SD,Negeri,016001\n',
      'ptk.csv':
        PTK_HEADER +
        'PT-A-1,PTK-A-1,"Siti Rahayu, S.Pd.",3171014501850001,1234567890123456,198501052010012001,P,1985-01-05,siti.rahayu@pribadi.example,Kepala Sekolah,20100001,1,,\n' +
        'PT-A-2,PTK-A-2,Budi Santoso,3171010202900002,,,L,1990-02-02,,Guru Kelas,20100001,0,,\n' +
        'PT-B-1,PTK-B-1,Dewi Lestari,3171015505880001,,,P,1988-05-01,guru1@pribadi.example,Guru Mapel,20100002,1,,\n' +
        'PT-C-1,PTK-C-1,Eko Prasetyo,3171015505880001,,,P,1988-05-01,guru1@pribadi.example,Guru Mapel,20100003,1,,\n' +
        // Row 2 carried a pupil's keys (peserta_didik_id, nisn, tingkat…): dropped.
        'PT-C-2,PTK-C-2,Fitri Handayani,3171015505880002,,,P,1988-05-02,guru2@pribadi.example,Guru Mapel,20100003,1,,\n' +
        // Row 3 came without nik and email: empty fields, for the sync's row rules to judge.
        'PT-C-3,PTK-C-3,Gilang Ramadhan,,,,P,1988-05-03,,Guru Mapel,20100003,1,,\n',
      'peserta_didik.csv':
        PD_HEADER +
        'REG-A-1,PD-A-1,0149876543,3171011111140004,Bagus Pratama,L,2014-11-11,,20100001,5,,\n' +
        // NISN 51234567 came as a JSON number: its two leading zeros are put back.
        'REG-A-2,PD-A-2,0051234567,3171016303150003,Ayu Lestari,P,2015-03-23,,20100001,4,,\n' +
        'REG-B-1,PD-B-1,0121234501,3171011212130001,Dewi Lestari Putri,P,2012-12-01,murid1@pribadi.example,20100002,7,,\n' +
        'REG-C-1,PD-C-1,0121234501,3171011212130001,Eko Prasetyo Putri,P,2012-12-01,murid1@pribadi.example,20100003,7,,\n' +
        'REG-C-2,PD-C-2,0121234502,3171011212130002,Fitri Handayani Putri,P,2012-12-02,murid2@pribadi.example,20100003,7,,\n' +
        'REG-C-3,PD-C-3,0121234503,,Gilang Ramadhan Putri,P,2012-12-03,,20100003,7,,\n',
    });
    const manifest = await readManifest(out);
    assert.deepEqual(manifest.scope, { kind: 'sekolah', npsn: all });
    assert.deepEqual(manifest.failedNpsn, []);
  });

  it('holds every school the service answered with an error, writing none of its rows', async () => {
    const events: RetryEvent[] = [];
    server.slowMs = 3_000;
    server.set('20200000', schoolOf('20200000', 'SD', 'OK', ['Hana Putri', 'Irfan Hakim']), 'ok');
    // Asked for 20200008, the service answers with another school's record.
    server.set('20200008', SCHOOL_A, 'ok');
    const one = (n: string, tag: string) => schoolOf(n, 'SD', tag, ['Hana Putri']);
    server.set('20200001', one('20200001', 'E1'), 'error-200');
    server.set('20200002', one('20200002', 'E2'), 'access-denied', 'getSekolah');
    server.set('20200003', one('20200003', 'E3'), 'no-data', 'getPesertaDidik');
    server.set('20200004', one('20200004', 'E4'), 'unmappable-row');
    server.set('20200005', one('20200005', 'E5'), 'truncated', 'getPesertaDidik');
    server.set('20200006', one('20200006', 'E6'), 'slow');
    const npsn = [
      '20200000',
      '20200001',
      '20200002',
      '20200003',
      '20200004',
      '20200005',
      '20200006',
      '20200007',
      '20200008',
    ];
    const { out, report } = await pull(server, npsn, {
      timeoutMs: 200,
      retry: { ...FAST, retries: 1 },
      onRetry: (e) => events.push(e),
    });
    const failed = npsn.slice(1);
    assert.deepEqual(report.failed_npsn, failed);
    assert.deepEqual(
      report.schools.filter((s) => s.status === 'failed').map((s) => [s.npsn, s.reason]),
      [
        // The service echoed the token in its message: redacted.
        ['20200001', 'getGtk: service error: Token [token] ditolak server'],
        ['20200002', 'getSekolah: access denied'],
        ['20200003', 'getPesertaDidik: service error: Data tidak ditemukan'],
        ['20200004', 'getGtk row 2 is a peserta_didik record, not a PTK'],
        ['20200005', 'getPesertaDidik: answer holds 1 of 6 rows'],
        ['20200006', 'getGtk: no answer within 200 ms (after 2 attempts)'],
        ['20200007', 'getSekolah: service error: Data tidak ditemukan'],
        ['20200008', 'getSekolah: answered for NPSN 20100001, not 20200008'],
      ],
    );
    const files = await filesOf(out);
    assert.equal(files['manifest.json'], manifestText(report, npsn, failed));
    assert.equal(
      files['sekolah.csv'],
      `${SEKOLAH_HEADER}SEK-20200000,20200000,SD Negeri OK,SD,Negeri,016001\n`,
    );
    assert.deepEqual(rowIds(files['ptk.csv']), ['PT-OK-1', 'PT-OK-2']);
    assert.deepEqual(rowIds(files['peserta_didik.csv']), ['REG-OK-1', 'REG-OK-2']);
    // Errors are not retried; only the timeout was, once; a failed school asks for nothing more.
    assert.equal(server.requestsTo('getGtk', '20200001').length, 1);
    assert.equal(server.requestsTo('getPesertaDidik', '20200001').length, 0);
    assert.equal(server.requestsTo('getGtk', '20200002').length, 0);
    assert.equal(server.requestsTo('getGtk', '20200006').length, 2);
    assert.deepEqual(
      events.map((e) => [e.endpoint, e.npsn, e.attempt, e.reason]),
      [['getGtk', '20200006', 1, 'no answer within 200 ms']],
    );
    const manifest = await readManifest(out);
    assert.deepEqual(manifest.failedNpsn, failed);
    for (const text of [...Object.values(files), JSON.stringify(report)]) assert.ok(!text.includes(TOKEN));
  });

  it('retries a 500 after a short backoff and a 429 after its Retry-After, then reads the school', async () => {
    const events: RetryEvent[] = [];
    server.retryAfter = '1';
    server.set('20300001', sampleSchool('20300001', 'SD', 2, 3), 'flaky-500');
    server.set('20300002', sampleSchool('20300002', 'SMP', 2, 3, 8), 'rate-limited', 'getPesertaDidik');
    const { report } = await pull(server, ['20300001', '20300002'], { onRetry: (e) => events.push(e) });
    assert.deepEqual(report.failed_npsn, []);
    assert.deepEqual(
      events.map((e) => [e.endpoint, e.npsn, e.attempt, e.reason]),
      [
        ['getGtk', '20300001', 1, 'HTTP 500'],
        ['getPesertaDidik', '20300002', 1, 'HTTP 429'],
      ],
    );
    const flaky = server.requestsTo('getGtk', '20300001');
    const limited = server.requestsTo('getPesertaDidik', '20300002');
    assert.equal(flaky.length, 2);
    assert.equal(limited.length, 2);
    assert.ok(flaky[1]!.at - flaky[0]!.at < 500, 'the backoff of the options, not a long sleep');
    assert.equal(events[1]!.delayMs, 1000);
    assert.ok(limited[1]!.at - limited[0]!.at >= 950, 'waited as long as Retry-After asked');
  });

  it('gives up on a school when retries run out or Retry-After asks for too long', async () => {
    server.set('20300003', sampleSchool('20300003', 'SD', 1, 1), 'flaky-500', 'getSekolah');
    server.set('20300004', sampleSchool('20300004', 'SD', 1, 1), 'rate-limited');
    const noRetry = await pull(server, ['20300003'], { retry: { ...FAST, retries: 0 } });
    assert.deepEqual(noRetry.report.failed_npsn, ['20300003']);
    assert.equal(noRetry.report.schools[0]!.reason, 'getSekolah: HTTP 500');
    const impatient = await pull(server, ['20300004'], { retry: { ...FAST, maxRetryAfterMs: 500 } });
    assert.deepEqual(impatient.report.failed_npsn, ['20300004']);
    assert.equal(impatient.report.schools[0]!.reason, 'getGtk: HTTP 429; the server asked to wait 1 s');
    assert.equal(server.requestsTo('getGtk', '20300004').length, 1);
  });

  it('keeps at most `concurrency` requests in flight at the host', async () => {
    const npsn = Array.from({ length: 10 }, (_, i) => String(20400000 + i));
    for (const n of npsn) server.set(n, sampleSchool(n, 'SD', 1, 2));
    server.delayMs = 25;
    server.maxInFlight = 0;
    const before = server.requests.length;
    try {
      const { report } = await pull(server, npsn, { concurrency: 3 });
      assert.deepEqual(report.failed_npsn, []);
    } finally {
      server.delayMs = 0;
    }
    assert.equal(server.maxInFlight, 3);
    const sent = server.requests.slice(before);
    assert.equal(sent.length, 30);
    assert.ok(sent.every((r) => r.authorization === `Bearer ${TOKEN}`));
  });

  it('gives the same data the same snapshot and bytes, and other data another snapshot', async () => {
    server.set('20500001', sampleSchool('20500001', 'SD', 2, 4));
    const first = await pull(server, ['20500001']);
    const again = await pull(server, ['20500001']);
    assert.equal(again.report.snapshot.id, first.report.snapshot.id);
    assert.deepEqual(await filesOf(again.out), await filesOf(first.out));
    const changed = sampleSchool('20500001', 'SD', 2, 4);
    changed.pd[0]!.nama = 'Nama Baru';
    server.set('20500001', changed);
    const next = await pull(server, ['20500001'], { out: first.out });
    assert.notEqual(next.report.snapshot.id, first.report.snapshot.id);
    // Written over the earlier extract: the same four files, no work directory left behind.
    assert.deepEqual(Object.keys(await filesOf(first.out)), [
      'manifest.json',
      'peserta_didik.csv',
      'ptk.csv',
      'sekolah.csv',
    ]);
    assert.match((await filesOf(first.out))['peserta_didik.csv']!, /Nama Baru/);
  });

  it('reads no school with a token the service does not know', async () => {
    server.set('20600001', sampleSchool('20600001', 'SD', 1, 1));
    const { report } = await pull(server, ['20600001'], { token: 'wrong-token' });
    assert.deepEqual(report.schools, [
      { npsn: '20600001', status: 'failed', reason: 'getSekolah: access denied', ptk: 0, peserta_didik: 0 },
    ]);
  });

  it('refuses bad input before asking the service anything', async () => {
    const before = server.requests.length;
    const bad = async (more: Partial<PullOptions>, message: RegExp) => {
      await assert.rejects(pull(server, ['20600001'], more), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'bad_input');
        assert.match(err.message, message);
        return true;
      });
    };
    await bad({ npsn: ['2060001'] }, /NPSN "2060001" is not 8 digits/);
    await bad({ npsn: [] }, /at least one NPSN/);
    await bad({ url: 'ftp://127.0.0.1/' }, /must start with http/);
    await bad({ url: `http://user:${TOKEN}@127.0.0.1/` }, /must not hold credentials/);
    await bad({ token: ' ' }, /no Dapodik Web Service token/);
    await bad({ takenAt: '2026-02-30' }, /taken_at/);
    assert.equal(server.requests.length, before);
  });
});
