// The synthetic extract generator on its own: deterministic for a seed, every row valid for the
// extract reader, and the national picture the issue asks for (every bentuk and tingkat, heads,
// tendik, teachers at two schools, regional names, missing emails).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_POLICY, jenjangOf, roleOfPtk } from '../../src/domain/policy.js';
import type { PdRow, PtkRow } from '../../src/domain/records.js';
import { readExtract } from '../../src/extract/extract-reader.js';
import { STATE_FILE } from '../../src/generate/account-history.js';
import { evolveExtract } from '../../src/generate/extract-evolver.js';
import { personName } from '../../src/generate/indonesian-names.js';
import { generateExtract } from '../../src/generate/population-builder.js';
import { Prng } from '../../src/generate/random-source.js';
import { BENTUK_SHAPES, PROVINCES } from '../../src/generate/school-catalog.js';
import { explain, runCli } from '../fixtures/cli.js';

const FILES = ['manifest.json', 'sekolah.csv', 'ptk.csv', 'peserta_didik.csv', 'truth.ndjson'];

async function readRows(dir: string) {
  const ptk: PtkRow[] = [];
  const pd: PdRow[] = [];
  const summary = await readExtract(dir, {
    add(row) {
      if (row.kind === 'ptk') ptk.push(row);
      else pd.push(row);
    },
  });
  return { summary, ptk, pd };
}

describe('synthetic extract generator', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'selaras-generate-'));
    await generateExtract({ outDir: join(root, 'a'), schools: 30, seed: 5, takenAt: '2026-06-15' });
    await evolveExtract({ fromDir: join(root, 'a'), outDir: join(root, 'a2'), months: 2, seed: 5 });
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the same bytes for the same seed, a new extract and an evolved one alike', async () => {
    await generateExtract({ outDir: join(root, 'b'), schools: 30, seed: 5, takenAt: '2026-06-15' });
    await evolveExtract({ fromDir: join(root, 'b'), outDir: join(root, 'b2'), months: 2, seed: 5 });
    for (const [x, y] of [
      ['a', 'b'],
      ['a2', 'b2'],
    ] as const) {
      for (const file of [...FILES, ...(x === 'a2' ? [STATE_FILE] : [])]) {
        assert.deepEqual(
          await readFile(join(root, y, file)),
          await readFile(join(root, x, file)),
          `${y}/${file}`,
        );
      }
    }
  });

  it('writes other data for another seed', async () => {
    await generateExtract({ outDir: join(root, 'c'), schools: 30, seed: 6, takenAt: '2026-06-15' });
    await evolveExtract({ fromDir: join(root, 'a'), outDir: join(root, 'a2-other'), months: 2, seed: 6 });
    for (const file of ['sekolah.csv', 'ptk.csv', 'peserta_didik.csv', 'truth.ndjson']) {
      assert.notDeepEqual(await readFile(join(root, 'c', file)), await readFile(join(root, 'a', file)), file);
    }
    const evolved = await readFile(join(root, 'a2-other', 'truth.ndjson'));
    assert.notDeepEqual(evolved, await readFile(join(root, 'a2', 'truth.ndjson')));
  });

  it('writes only rows the extract reader accepts, before and after a school year', async () => {
    for (const dir of ['a', 'a2']) {
      const { summary, ptk, pd } = await readRows(join(root, dir));
      assert.deepEqual(summary.rejects, [], `${dir}: rejected rows`);
      const lines = async (f: string) =>
        (await readFile(join(root, dir, f), 'utf8')).trimEnd().split('\n').length - 1;
      assert.equal(ptk.length, await lines('ptk.csv'));
      assert.equal(pd.length, await lines('peserta_didik.csv'));
      assert.equal(summary.manifest.scope.kind, 'national');
    }
  });

  it('gives every bentuk_pendidikan and tingkat, one head per school, tendik and two-school teachers', async () => {
    const { summary, ptk, pd } = await readRows(join(root, 'a'));
    const bentuk = new Set([...summary.schools.values()].map((s) => s.bentukPendidikan));
    assert.deepEqual([...bentuk].sort(), BENTUK_SHAPES.map((s) => s.bentuk).sort());
    assert.deepEqual(
      [...new Set(pd.map((r) => r.tingkat))].sort((a, b) => a - b),
      Array.from({ length: 14 }, (_, i) => i),
    );
    const heads = ptk.filter((r) => r.jenisPtk === 'Kepala Sekolah').map((r) => r.npsn);
    assert.deepEqual([...new Set(heads)].sort(), [...summary.schools.keys()].sort());
    assert.equal(heads.length, summary.schools.size, 'one head per school');
    const roles = new Set(ptk.map((r) => roleOfPtk(r.jenisPtk, DEFAULT_POLICY)));
    assert.deepEqual([...roles].sort(), ['admin', 'guru', 'none']);
    const jenjangOfRow = (r: PtkRow) =>
      jenjangOf(summary.schools.get(r.npsn)!.bentukPendidikan, DEFAULT_POLICY);
    const byPerson = new Map<string, PtkRow[]>();
    for (const r of ptk) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
    const twoJenjang = [...byPerson.values()].filter((rows) => new Set(rows.map(jenjangOfRow)).size === 2);
    assert.ok(twoJenjang.length > 0, 'some teachers teach at two schools of different jenjang');
    assert.ok(ptk.some((r) => r.email === '') && pd.some((r) => r.email === ''), 'some emails missing');
    assert.ok(
      ptk.some((r) => /,|S\.?Pd/.test(r.nama)),
      'some PTK names carry degrees',
    );
  });

  it('spreads schools over the provinces by their share and names people after their region', () => {
    assert.equal(PROVINCES.length, 38);
    const rng = new Prng(1);
    const bali = Array.from({ length: 50 }, () => personName(rng, rng.chance(0.5), '22'));
    assert.ok(bali.filter((n) => /^(I|Ni) /.test(n)).length > 30, bali.join('; '));
    const batak = Array.from({ length: 50 }, () => personName(rng, false, '07')).join(' ');
    assert.match(batak, /Siregar|Nasution|Harahap|Simanjuntak|Sinaga|Lubis|Hasibuan|Tambunan|Purba/);
  });

  it('evolves across July: the truth has graduations, continuations and level changes', async () => {
    const truth = (await readFile(join(root, 'a2', 'truth.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const types = new Set(truth.map((e: { type: string; reason?: string }) => `${e.type}:${e.reason ?? ''}`));
    for (const t of ['pd_deactivated:lulus', 'pd_continuation_pending:lulus', 'pd_level_changed:lulus']) {
      assert.ok(types.has(t), `${t} in ${[...types].join(', ')}`);
    }
  });

  it('runs as `selaras generate` and refuses bad options with exit 2', async () => {
    const db = join(root, 'unused.db');
    const ok = await runCli(
      ['generate', '--out', join(root, 'cli'), '--schools', '15', '--seed', '2', '--json'],
      { db },
    );
    assert.equal(ok.code, 0, explain(ok));
    assert.equal(ok.json.schools, 15);
    const evolved = await runCli(
      ['generate', '--from', join(root, 'cli'), '--out', join(root, 'cli2'), '--months', '2'],
      {
        db,
      },
    );
    assert.equal(evolved.code, 0, explain(evolved));
    assert.match(evolved.stdout, /truth /);
    const bad = await runCli(['generate', '--out', join(root, 'x'), '--schools', '0'], { db });
    assert.equal(bad.code, 2, explain(bad));
    const missing = await runCli(['generate', '--from', join(root, 'nope'), '--out', join(root, 'y')], {
      db,
    });
    assert.equal(missing.code, 2, explain(missing));
  });
});
