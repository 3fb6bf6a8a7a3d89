// Synthetic schools: bentuk mix, region codes and sizes shaped like Dapodik's national picture.

import { DEFAULT_POLICY, type Jenjang, jenjangOf } from '../../src/domain/policy.js';
import { type IdMinter, NpsnMinter, twoDigits } from '../../src/generate/identifier-minters.js';
import { schoolName } from '../../src/generate/name-details.js';
import { type Prng, WeightedTable } from '../../src/generate/random-source.js';

export const SEKOLAH_HEADER = 'sekolah_id,npsn,nama,bentuk_pendidikan,status_sekolah,kode_wilayah';

export interface SyntheticSchool {
  sekolahId: string;
  npsn: string;
  nama: string;
  bentuk: string;
  status: string;
  kodeWilayah: string;
  province: string;
  jenjang: Jenjang | null;
  /** People (PTK and pupils) to generate at this school. */
  persons: number;
}

/** `relativeSize` keeps the cohort per tingkat about the same from SD to SMA/SMK. */
interface BentukShape {
  bentuk: string;
  share: number;
  negeri: number;
  relativeSize: number;
}

const BENTUK: readonly BentukShape[] = [
  { bentuk: 'SD', share: 55, negeri: 0.85, relativeSize: 1 },
  { bentuk: 'SMP', share: 20, negeri: 0.6, relativeSize: 1.45 },
  { bentuk: 'SMA', share: 8, negeri: 0.5, relativeSize: 1.6 },
  { bentuk: 'SMK', share: 8, negeri: 0.25, relativeSize: 1.6 },
  { bentuk: 'TK', share: 4, negeri: 0.05, relativeSize: 0.3 },
  { bentuk: 'KB', share: 2, negeri: 0.02, relativeSize: 0.25 },
  { bentuk: 'SLB', share: 1, negeri: 0.6, relativeSize: 0.4 },
  { bentuk: 'PKBM', share: 2, negeri: 0, relativeSize: 0.7 },
];

/** Province codes '01'..'38', weighted so that Java holds most schools as it does in Dapodik. */
const PROVINCE_WEIGHTS = [
  4, 14, 12, 2, 13, 3, 6, 3, 3, 2, 4, 4, 3, 2, 2, 2, 2, 2, 4, 2, 1, 2, 3, 4, 2, 1, 1, 5, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1,
];

export const PERSONS_PER_SCHOOL = 130;

export function buildSchools(rng: Prng, persons: number, ids: IdMinter): SyntheticSchool[] {
  const count = Math.max(1, Math.round(persons / PERSONS_PER_SCHOOL));
  const bentukTable = new WeightedTable(BENTUK.map((b) => [b, b.share] as const));
  const provinceTable = new WeightedTable(PROVINCE_WEIGHTS.map((w, i) => [twoDigits(i + 1), w] as const));
  const npsn = new NpsnMinter(rng);
  const drafts: Array<SyntheticSchool & { weight: number }> = [];
  for (let i = 0; i < count; i++) {
    const shape = bentukTable.sample(rng);
    const province = provinceTable.sample(rng);
    const negeri = rng.chance(shape.negeri);
    drafts.push({
      sekolahId: ids.next(),
      npsn: npsn.next(),
      nama: schoolName(rng, shape.bentuk, negeri),
      bentuk: shape.bentuk,
      status: negeri ? 'Negeri' : 'Swasta',
      kodeWilayah: `${province}${twoDigits(rng.between(1, 30))}${twoDigits(rng.between(1, 20))}`,
      province,
      jenjang: jenjangOf(shape.bentuk, DEFAULT_POLICY),
      persons: 0,
      weight: shape.relativeSize * (0.4 + 1.2 * rng.float()),
    });
  }
  drafts.sort((a, b) => (a.kodeWilayah < b.kodeWilayah ? -1 : a.kodeWilayah > b.kodeWilayah ? 1 : 0));
  spreadPersons(drafts, persons);
  return drafts.map(({ weight: _weight, ...school }) => school);
}

/** Splits `persons` over schools in proportion to their weights, summing exactly. */
function spreadPersons(schools: Array<{ weight: number; persons: number }>, persons: number): void {
  const total = schools.reduce((sum, s) => sum + s.weight, 0);
  let cumulative = 0;
  let assigned = 0;
  for (const school of schools) {
    cumulative += school.weight;
    const upTo = Math.floor((persons * cumulative) / total);
    school.persons = upTo - assigned;
    assigned = upTo;
  }
  const last = schools[schools.length - 1];
  if (last) last.persons += persons - assigned;
}

/** Schools grouped by province, for picking a second school nearby. */
export function schoolsByProvince<T extends { province: string }>(schools: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const school of schools) {
    const list = out.get(school.province);
    if (list) list.push(school);
    else out.set(school.province, [school]);
  }
  return out;
}
