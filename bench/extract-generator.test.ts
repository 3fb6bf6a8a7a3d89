import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { csvLine, parseCsvLine } from '../src/generate/csv-lines.js';
import { checkExtract } from './extract-checker.js';
import { evolveExtract, generateExtract } from './extract-generator.js';

const FILES = ['manifest.json', 'sekolah.csv', 'ptk.csv', 'peserta_didik.csv'];

async function lines(dir: string, file: string): Promise<string[]> {
  return (await readFile(join(dir, file), 'utf8')).split('\n');
}

describe('synthetic extract generator', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'selaras-gen-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((d) => join(root, d)) as [string, string, string];
    await generateExtract({ outDir: a, persons: 3000, seed: 5 });
    await generateExtract({ outDir: b, persons: 3000, seed: 5 });
    await generateExtract({ outDir: c, persons: 3000, seed: 6 });
    for (const file of FILES) {
      assert.deepEqual(await readFile(join(a, file)), await readFile(join(b, file)), file);
    }
    assert.notDeepEqual(await readFile(join(a, 'ptk.csv')), await readFile(join(c, 'ptk.csv')));
  });

  it('generates a valid extract with the requested number of persons and one head per school', async () => {
    const dir = join(root, 'valid');
    const counts = await generateExtract({ outDir: dir, persons: 5000, seed: 11 });
    const report = await checkExtract(dir);
    assert.deepEqual(report.errors, []);
    assert.equal(report.ptkPersons + report.pdPersons, 5000);
    assert.equal(counts.schools, report.schools);
    assert.equal(report.schoolsWithoutOneHead, 0);
    assert.ok(report.ptkRows > report.ptkPersons, 'some PTK teach at a second school');
    const share = report.ptkPersons / 5000;
    assert.ok(share > 0.06 && share < 0.11, `PTK share ${share}`);
  });

  it('evolves a month where about churn*persons persons change and other lines stay byte-identical', async () => {
    const from = join(root, 'month1');
    const to = join(root, 'month2');
    await generateExtract({ outDir: from, persons: 20000, seed: 3 });
    const { changed } = await evolveExtract({
      fromDir: from,
      outDir: to,
      churn: 0.03,
      seed: 4,
      takenAt: '2026-08-15',
    });
    assert.ok(changed > 500 && changed < 700, `changed ${changed}`);
    assert.deepEqual((await checkExtract(to)).errors, []);
    assert.deepEqual(await readFile(join(from, 'sekolah.csv')), await readFile(join(to, 'sekolah.csv')));
    const before = new Set(await lines(from, 'peserta_didik.csv'));
    const after = await lines(to, 'peserta_didik.csv');
    const kept = after.filter((l) => before.has(l)).length;
    assert.ok(kept > before.size - 700, `${kept} of ${before.size} lines kept`);
    const manifest = JSON.parse(await readFile(join(to, 'manifest.json'), 'utf8'));
    assert.equal(manifest.taken_at, '2026-08-15');
  });

  it('evolves an evolved month again without breaking uniqueness', async () => {
    const month3 = join(root, 'month3');
    await evolveExtract({
      fromDir: join(root, 'month2'),
      outDir: month3,
      churn: 0.05,
      seed: 9,
      takenAt: '2026-09-15',
    });
    assert.deepEqual((await checkExtract(month3)).errors, []);
  });

  it('refuses to evolve into an older or equal taken_at', async () => {
    await assert.rejects(
      evolveExtract({
        fromDir: join(root, 'month2'),
        outDir: join(root, 'x'),
        churn: 0.03,
        seed: 1,
        takenAt: '2026-08-15',
      }),
      /must be after/,
    );
  });
});

describe('sample extracts', () => {
  for (const dir of ['examples/sample-extract', 'examples/sample-extract-next']) {
    it(`${dir} passes the extract checks`, async () => {
      assert.deepEqual((await checkExtract(dir)).errors, []);
    });
  }
});

describe('csv lines', () => {
  it('quotes only fields with commas, quotes or line breaks and parses them back', () => {
    const fields = ['a', 'Siti Rahayu, S.Pd.', 'say "hi"', '', "Nur'aini"];
    const line = csvLine(fields);
    assert.equal(line, 'a,"Siti Rahayu, S.Pd.","say ""hi""",,Nur\'aini');
    assert.deepEqual(parseCsvLine(line), fields);
  });
});
