// The byte scan (issue 7): every row lands once in its person's partition with the right line, key,
// school and flags, however the file is cut into blocks and shared between worker threads; the
// content hash equals the streaming reader's; what the scan cannot read safely is named, not guessed.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { BlockHasher, CONTENT_BLOCK_BYTES } from '../../src/extract/content-hash.js';
import { type ExtractScan, scanPersonFiles } from '../../src/scan/extract-scan.js';
import { personKeyOf } from '../../src/scan/hashing.js';
import {
  META_IRREGULAR,
  META_UNKNOWN_JENIS,
  R_ID_B,
  R_ID_C,
  R_LINE,
  R_META,
  R_NPSN,
  R_OFFSET_LO,
  R_PHASH,
  REC,
} from '../../src/scan/row-scanner.js';
import { readSpill } from '../../src/scan/spill.js';

const PD_HEADER =
  'registrasi_id,peserta_didik_id,nisn,nik,nama,jenis_kelamin,tanggal_lahir,email,npsn,tingkat_pendidikan,jenis_keluar,tanggal_keluar';
const PTK_HEADER =
  'ptk_terdaftar_id,ptk_id,nama,nik,nuptk,nip,jenis_kelamin,tanggal_lahir,email,jenis_ptk,npsn,ptk_induk,jenis_keluar,tanggal_keluar';
/** Column positions as the sync passes them: ids, npsn and (ptk only) jenis_ptk. */
const PTK_COLS = { fileIndex: 0, personAt: 1, rowAt: 0, npsnAt: 10, jenisAt: 9 };
const PD_COLS = { fileIndex: 1, personAt: 1, rowAt: 0, npsnAt: 8, jenisAt: -1 };

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'selaras-scan-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function pdRow(i: number, extra: Partial<{ id: string; npsn: string; nama: string }> = {}): string {
  const id = extra.id ?? `pd-${String(i).padStart(6, '0')}`;
  const nama = extra.nama ?? `Siswa ${i}`;
  return `reg-${i},${id},00${String(i).padStart(8, '0')},,${nama},L,2012-01-01,,${extra.npsn ?? '20100001'},3,,`;
}

interface Seen {
  line: number;
  npsn: number;
  irregular: boolean;
  unknownJenis: boolean;
  key: string;
  offset: number;
  partition: number;
}

/** Every row record of every partition, by file then line. */
function rowsOf(scan: ExtractScan): Seen[] {
  const out: (Seen & { file: number })[] = [];
  for (let p = 0; p < scan.partitions; p++) {
    const spill = readSpill(scan.spillDir, scan.rowPrefixes, p);
    for (let b = 0; b < spill.length; b += REC) {
      const meta = spill[b + R_META]!;
      const file = scan.files.find((f) => f.fileIndex === (meta & 1))!;
      out.push({
        file: meta & 1,
        line: file.lineBase[meta >>> 8]! + spill[b + R_LINE]! + 1,
        npsn: spill[b + R_NPSN]!,
        irregular: (meta & META_IRREGULAR) !== 0,
        unknownJenis: (meta & META_UNKNOWN_JENIS) !== 0,
        key: `${spill[b + R_PHASH]}:${spill[b + R_ID_B]}:${spill[b + R_ID_C]}`,
        offset: spill[b + R_OFFSET_LO]!,
        partition: p,
      });
    }
  }
  return out.sort((a, b) => a.file - b.file || a.line - b.line).map(({ file, ...rest }) => rest);
}

async function scanFiles(
  name: string,
  ptk: string,
  pd: string,
  options: { blockBytes?: number; workers?: number } = {},
) {
  const base = join(dir, name);
  await rm(base, { recursive: true, force: true });
  const { mkdir } = await import('node:fs/promises');
  await mkdir(base, { recursive: true });
  await writeFile(join(base, 'ptk.csv'), ptk);
  await writeFile(join(base, 'peserta_didik.csv'), pd);
  return scanPersonFiles({
    files: [
      { file: 'ptk.csv', path: join(base, 'ptk.csv'), cols: PTK_COLS },
      { file: 'peserta_didik.csv', path: join(base, 'peserta_didik.csv'), cols: PD_COLS },
    ],
    partitions: 8,
    policy: DEFAULT_POLICY,
    spillDir: join(base, 'spill'),
    ...options,
  });
}

describe('the byte scan of the person files', () => {
  test('reads each row once, with its line, key, school and flags, over CRLF, blank lines and quotes', async () => {
    const ptk = [
      PTK_HEADER,
      't1,ptk-1,"Hotma Hutapea, S.Pd., Gr.",,,,L,1970-01-01,,Kepala Sekolah,20100001,1,,',
      't2,ptk-2,Ayu,,,,P,1980-01-01,,Jabatan Yang Tidak Ada,20100002,1,,',
      '',
    ].join('\r\n');
    const pd = [
      PD_HEADER,
      pdRow(1),
      '',
      pdRow(2, { nama: '"Budi ""Kecil"""' }),
      pdRow(3, { id: ' pd-000003 ' }),
      pdRow(4, { npsn: '2010000' }),
      'reg-5,pd-000005',
      '',
    ].join('\n');
    const scan = await scanFiles('shapes', ptk, pd);
    assert.equal(scan.anomaly, null);
    assert.deepEqual(
      scan.files.map((f) => f.rows),
      [2, 5],
    );
    const rows = rowsOf(scan);
    assert.deepEqual(
      rows.map((r) => [r.line, r.npsn, r.irregular, r.unknownJenis]),
      [
        [2, 20100001, false, false],
        [3, 20100002, false, true],
        [2, 20100001, false, false],
        [4, 20100001, false, false],
        [5, 20100001, true, false], // a padded id: its person is always parsed
        [6, 0, true, false], // seven digits are no npsn
        [7, 0, true, false], // a row too short to have an npsn
      ],
    );
    const [k1, k2, k3] = ['ptk-1', 'ptk-2', 'pd-000001'].map((id) => personKeyOf(id).join(':'));
    assert.deepEqual([rows[0]!.key, rows[1]!.key, rows[2]!.key], [k1, k2, k3]);
    assert.equal(
      rowsOf(scan)[4]!.key,
      personKeyOf('pd-000003').join(':'),
      'the id is trimmed as fieldAt does',
    );
  });

  test('cut into tiny blocks over two workers, it finds exactly the rows and lines of one block', async () => {
    const pd = `${[PD_HEADER, ...Array.from({ length: 400 }, (_, i) => pdRow(i + 1, i % 7 === 0 ? { nama: '"A, B"' } : {}))].join('\n')}\n`;
    const ptk = `${PTK_HEADER}\n`;
    const whole = await scanFiles('whole', ptk, pd, { workers: 1 });
    const cut = await scanFiles('cut', ptk, pd, { blockBytes: 997, workers: 2 });
    assert.ok(cut.files[1]!.lineBase.length > 20, 'the file was cut into many blocks');
    assert.equal(cut.files[1]!.rows, 400);
    assert.deepEqual(rowsOf(cut), rowsOf(whole));
  });

  test('hashes a file into the same content hash as the streaming reader', async () => {
    const line = `${pdRow(1)}\n`;
    const pd = PD_HEADER + '\n' + line.repeat(Math.ceil((CONTENT_BLOCK_BYTES + 5000) / line.length));
    const scan = await scanFiles('hash', `${PTK_HEADER}\n`, pd.replaceAll('reg-1,', 'reg-x,'));
    const hasher = new BlockHasher();
    hasher.update(await readFile(join(dir, 'hash', 'peserta_didik.csv')));
    assert.equal(scan.files[1]!.lineBase.length, 2, 'two blocks');
    assert.equal(scan.files[1]!.sha256, hasher.digest());
  });

  test('names what it cannot read by lines instead of guessing', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'quote',
        `${PD_HEADER}\n${pdRow(1, { nama: '"Budi\nSantoso"' })}\n`,
        /quoted field holds a line break/,
      ],
      ['nofeed', `${PD_HEADER}\n${pdRow(1)}`, /no line feed/],
      [
        'dup',
        `${PD_HEADER}\n${pdRow(1)}\n${pdRow(1, { id: 'other' })}\n`,
        /row id appears on more than one row/,
      ],
      ['ascii', `${PD_HEADER}\n${pdRow(1, { id: 'pd-ü' })}\n`, /outside printable ASCII/],
    ];
    for (const [name, pd, why] of cases) {
      const scan = await scanFiles(name, `${PTK_HEADER}\n`, pd);
      assert.match(scan.anomaly ?? '', why, name);
    }
  });
});
