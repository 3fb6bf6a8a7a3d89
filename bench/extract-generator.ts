// Synthetic Dapodik extracts (DESIGN 3.1) for benchmarks and demos: deterministic for a seed,
// streamed to disk in large chunks so a million people take seconds.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ChunkWriter, csvLine } from '../src/generate/csv-lines.js';
import { IdMinter, NisnMinter } from '../src/generate/identifier-minters.js';
import { assertIsoDate, writeManifest } from '../src/generate/manifest-file.js';
import { Prng } from '../src/generate/random-source.js';
import { KEPALA_SEKOLAH, PD_HEADER, PersonFactory, PTK, PTK_HEADER, staffKind } from './synthetic/people.js';
import {
  buildSchools,
  SEKOLAH_HEADER,
  type SyntheticSchool,
  schoolsByProvince,
} from './synthetic/schools.js';

export { type EvolveOptions, evolveExtract } from './synthetic/evolve.js';

export interface GenerateOptions {
  outDir: string;
  persons: number;
  seed: number;
  takenAt?: string;
  snapshotId?: string;
}

/** Row counts of the files written (a PTK with two assignments has two ptk rows). */
export interface GenerateResult {
  schools: number;
  ptk: number;
  pd: number;
}

export const DEFAULT_TAKEN_AT = '2026-07-15';
const PTK_SHARE = 0.08;
/** Chance that a teacher also teaches at a school of another jenjang; ~2 % of all PTK. */
const SECOND_ASSIGNMENT = 0.024;

export async function generateExtract(o: GenerateOptions): Promise<GenerateResult> {
  if (!Number.isInteger(o.persons) || o.persons < 1) throw new Error('persons must be a positive integer');
  const takenAt = o.takenAt ?? DEFAULT_TAKEN_AT;
  assertIsoDate(takenAt);
  const rng = new Prng(o.seed);
  const ids = new IdMinter(rng, rng.nextUint32());
  const schools = buildSchools(rng, o.persons, ids);
  const factory = new PersonFactory(rng, ids, new NisnMinter(rng), Number(takenAt.slice(0, 4)));

  await mkdir(o.outDir, { recursive: true });
  await writeManifest(o.outDir, {
    snapshot_id: o.snapshotId ?? `sintetis-${o.seed}-${takenAt}`,
    taken_at: takenAt,
    scope: { kind: 'national' },
  });
  await writeSchools(join(o.outDir, 'sekolah.csv'), schools);

  const ptkOut = new ChunkWriter(join(o.outDir, 'ptk.csv'));
  const pdOut = new ChunkWriter(join(o.outDir, 'peserta_didik.csv'));
  ptkOut.line(PTK_HEADER);
  pdOut.line(PD_HEADER);
  const nearby = schoolsByProvince(schools);
  let ptk = 0;
  let pd = 0;
  for (const school of schools) {
    const staff = school.persons <= 2 ? school.persons : Math.max(2, Math.round(school.persons * PTK_SHARE));
    for (let i = 0; i < staff; i++) {
      const row = factory.ptk(school, i === 0 ? KEPALA_SEKOLAH : factory.ptkType(school.jenjang));
      ptkOut.line(csvLine(row));
      ptk++;
      const second = i > 0 && staffKind(row[PTK.jenisPtk]!) === 'teacher' && rng.chance(SECOND_ASSIGNMENT);
      const other = second ? otherJenjangSchool(rng, school, nearby.get(school.province) ?? []) : null;
      if (other) {
        ptkOut.line(csvLine(factory.assignment(row, other, 'Guru Mapel')));
        ptk++;
      }
    }
    for (let i = staff; i < school.persons; i++) {
      pdOut.line(csvLine(factory.pupil(school, factory.tingkat(school.jenjang))));
      pd++;
    }
    await Promise.all([ptkOut.flushIfFull(), pdOut.flushIfFull()]);
  }
  await Promise.all([ptkOut.close(), pdOut.close()]);
  return { schools: schools.length, ptk, pd };
}

function otherJenjangSchool(rng: Prng, school: SyntheticSchool, candidates: readonly SyntheticSchool[]) {
  for (let attempt = 0; attempt < 8 && candidates.length > 1; attempt++) {
    const other = rng.pick(candidates);
    if (other.jenjang !== null && other.jenjang !== school.jenjang) return other;
  }
  return null;
}

async function writeSchools(path: string, schools: readonly SyntheticSchool[]): Promise<void> {
  const out = new ChunkWriter(path);
  out.line(SEKOLAH_HEADER);
  for (const s of schools)
    out.line(csvLine([s.sekolahId, s.npsn, s.nama, s.bentuk, s.status, s.kodeWilayah]));
  await out.close();
}
