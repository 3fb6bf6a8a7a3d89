// `selaras generate --out`: a first extract of N schools of every bentuk_pendidikan across the 38
// provinces, with their PTK and pupils, and its truth — every account the first sync must create.

import { join } from 'node:path';
import { AppError } from '../errors.js';
import { type AccountRef, pdAccounts, ptkAccounts } from './account-view.js';
import { type ExtractData, type PdRec, type PtkRec, writeExtractData, writeText } from './extract-model.js';
import { assertIsoDate } from './manifest-file.js';
import { type IssuedIdentifiers, PersonFactory } from './person-factory.js';
import { Prng, WeightedTable } from './random-source.js';
import {
  BENTUK_SHAPES,
  type BentukShape,
  KEPALA_SEKOLAH,
  PROVINCES,
  SMK_FOUR_YEAR_SHARE,
  tingkatWeight,
} from './school-catalog.js';
import { SchoolDirectory, type SchoolInfo } from './school-directory.js';
import { TruthLog } from './truth-log.js';

export interface GenerateOptions {
  outDir: string;
  schools: number;
  seed: number;
  takenAt?: string;
  snapshotId?: string;
}

export interface GenerateSummary {
  dir: string;
  taken_at: string;
  snapshot_id: string;
  schools: number;
  ptk_rows: number;
  pd_rows: number;
  truth: Record<string, number>;
}

export const DEFAULT_TAKEN_AT = '2026-05-15';
/** Teachers who also teach at a school of another jenjang: assumption (not published). */
const SECOND_ASSIGNMENT_SHARE = 0.02;

export async function generateExtract(o: GenerateOptions): Promise<GenerateSummary> {
  if (!Number.isInteger(o.schools) || o.schools < 1)
    throw new AppError('bad_input', 'schools must be a positive integer');
  const takenAt = o.takenAt ?? DEFAULT_TAKEN_AT;
  assertIsoDate(takenAt);
  const rng = new Prng(o.seed);
  const issued: IssuedIdentifiers = { ids: new Set(), npsn: new Set(), nisn: new Set(), nik: new Set() };
  const factory = new PersonFactory(rng, issued);
  const data: ExtractData = {
    manifest: {
      snapshot_id: o.snapshotId ?? `sintetis-${o.seed}-${takenAt}`,
      taken_at: takenAt,
      scope: { kind: 'national' },
    },
    schools: [],
    ptk: [],
    pd: [],
  };
  const directory = buildSchools(rng, factory, allocate(o.schools), data);
  const year = Number(takenAt.slice(0, 4));
  for (const school of directory.list) {
    const size = sizeFactor(rng);
    data.ptk.push(...staffOf(rng, factory, school, size, year, directory));
    data.pd.push(...pupilsOf(rng, factory, school, size, takenAt));
  }
  const truth = firstLoadTruth(data, directory);
  await writeExtractData(o.outDir, data);
  await writeText(join(o.outDir, 'truth.ndjson'), truth.toNdjson(takenAt));
  return {
    dir: o.outDir,
    taken_at: takenAt,
    snapshot_id: data.manifest.snapshot_id,
    schools: data.schools.length,
    ptk_rows: data.ptk.length,
    pd_rows: data.pd.length,
    truth: truth.counts(),
  };
}

/**
 * Schools per bentuk in proportion to the national counts (largest remainder); with at least as
 * many schools as bentuk, every bentuk gets one, so a small extract still shows them all.
 */
export function allocate(n: number): Map<BentukShape, number> {
  const floor = n >= BENTUK_SHAPES.length ? 1 : 0;
  const total = BENTUK_SHAPES.reduce((sum, s) => sum + s.schools, 0);
  const exact = BENTUK_SHAPES.map((s) => (n * s.schools) / total);
  const counts = exact.map((x) => Math.max(floor, Math.floor(x)));
  let left = n - counts.reduce((a, b) => a + b, 0);
  while (left < 0) {
    const i = counts.indexOf(Math.max(...counts));
    counts[i]!--;
    left++;
  }
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) counts[byRemainder[k]![1]]!++;
  return new Map(BENTUK_SHAPES.map((s, i) => [s, counts[i]!]));
}

function buildSchools(
  rng: Prng,
  factory: PersonFactory,
  counts: Map<BentukShape, number>,
  data: ExtractData,
) {
  const provinces = new WeightedTable(PROVINCES.map(([code, , weight]) => [code, weight] as const));
  const drafts: { rec: ExtractData['schools'][number]; fourYear: boolean }[] = [];
  for (const [shape, count] of counts) {
    for (let i = 0; i < count; i++) {
      const rec = factory.school(shape.bentuk, provinces.sample(rng), rng.chance(shape.negeri));
      drafts.push({ rec, fourYear: shape.bentuk === 'SMK' && rng.chance(SMK_FOUR_YEAR_SHARE) });
    }
  }
  // Every tingkat 0–13 appears once every bentuk does: one SMK at least runs kelas XIII.
  const smk = drafts.filter((d) => d.rec.bentuk === 'SMK');
  if (
    smk.length > 0 &&
    counts.size > 0 &&
    [...counts.values()].every((n) => n > 0) &&
    !smk.some((d) => d.fourYear)
  )
    smk[0]!.fourYear = true;
  drafts.sort((a, b) =>
    a.rec.kodeWilayah < b.rec.kodeWilayah ? -1 : a.rec.kodeWilayah > b.rec.kodeWilayah ? 1 : 0,
  );
  const directory = new SchoolDirectory([], []);
  for (const { rec, fourYear } of drafts) {
    data.schools.push(rec);
    directory.add(rec, false, fourYear ? [10, 13] : undefined);
  }
  return directory;
}

/** Schools of one bentuk differ in size around the national mean. */
function sizeFactor(rng: Prng): number {
  return 0.5 + rng.float();
}

function stochasticRound(rng: Prng, x: number): number {
  const whole = Math.floor(x);
  return whole + (rng.chance(x - whole) ? 1 : 0);
}

function staffOf(
  rng: Prng,
  factory: PersonFactory,
  school: SchoolInfo,
  size: number,
  year: number,
  directory: SchoolDirectory,
): PtkRec[] {
  const shape = BENTUK_SHAPES.find((s) => s.bentuk === school.rec.bentuk)!;
  const jenjang = school.jenjang!;
  const rows = [factory.ptk(school, KEPALA_SEKOLAH, year)];
  const teachers = Math.max(1, Math.round(shape.teachers * size)) - 1;
  for (let i = 0; i < teachers; i++) {
    const row = factory.ptk(school, factory.teacherType(jenjang), year);
    rows.push(row);
    if (!rng.chance(SECOND_ASSIGNMENT_SHARE)) continue;
    const other = directory.pick(rng, (s) => s.jenjang !== jenjang, school);
    if (other) rows.push(factory.assignment(row, other, factory.teacherType(other.jenjang!)));
  }
  const tendik = stochasticRound(rng, shape.tendik * size);
  for (let i = 0; i < tendik; i++) rows.push(factory.ptk(school, factory.tendikType(jenjang), year));
  return rows;
}

function pupilsOf(
  rng: Prng,
  factory: PersonFactory,
  school: SchoolInfo,
  size: number,
  takenAt: string,
): PdRec[] {
  const shape = BENTUK_SHAPES.find((s) => s.bentuk === school.rec.bentuk)!;
  const [lo, hi] = school.tingkat;
  const levels = new WeightedTable(
    Array.from(
      { length: hi - lo + 1 },
      (_, k) => [lo + k, tingkatWeight(school.rec.bentuk, lo + k)] as const,
    ),
  );
  const count = Math.max(1, Math.round(shape.pupils * size));
  return Array.from({ length: count }, () => factory.pupil(school, levels.sample(rng), takenAt));
}

/** The first sync creates one account per person per jenjang that gives one. */
function firstLoadTruth(data: ExtractData, directory: SchoolDirectory): TruthLog {
  const truth = new TruthLog();
  const record = (kind: 'ptk' | 'pd', id: string, accounts: AccountRef[] | null) => {
    for (const to of accounts ?? []) truth.add(kind, id, { type: 'account_created', to });
  };
  for (const [id, rows] of groupBy(data.ptk)) record('ptk', id, ptkAccounts(rows, directory));
  for (const [id, rows] of groupBy(data.pd)) record('pd', id, pdAccounts(rows, directory));
  return truth;
}

export function groupBy<T extends { personId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.personId);
    if (list) list.push(row);
    else out.set(row.personId, [row]);
  }
  return out;
}
