// New synthetic people and schools: rows in DESIGN 3.1 shape with identifiers that are valid and
// unique within the extract (row and person ids, NPSN, NISN, NIK), names from the school's province.

import type { Jenjang } from '../domain/policy.js';
import { ptkRole } from './account-view.js';
import type { PdRec, PtkRec, SchoolRec } from './extract-model.js';
import {
  type BirthDate,
  IdMinter,
  NisnMinter,
  NpsnMinter,
  nik,
  nip,
  nuptk,
  randomDate,
  twoDigits,
} from './identifier-minters.js';
import { personName } from './indonesian-names.js';
import { emailFor, type StaffKind, schoolName, withTitles } from './name-details.js';
import { type Prng, WeightedTable } from './random-source.js';
import { KEPALA_SEKOLAH, TEACHER_MIX, tendikMix } from './school-catalog.js';
import type { SchoolInfo } from './school-directory.js';

/** Shares with a personal email in Dapodik: assumption (the rest are missing, as is common). */
const PTK_EMAIL_SHARE = 0.75;
const PD_EMAIL_SHARE = 0.45;
/** Pupils whose name Dapodik holds in capitals (a correction later title-cases it): assumption. */
const PD_UPPERCASE_SHARE = 0.2;

/** Every identifier already in the extract, so new ones never repeat one. */
export interface IssuedIdentifiers {
  ids: Set<string>;
  npsn: Set<string>;
  nisn: Set<string>;
  nik: Set<string>;
}

export function schoolYearStart(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 7 ? year : year - 1;
}

export function staffKind(jenisPtk: string): StaffKind {
  const role = ptkRole(jenisPtk);
  if (role === 'guru' || jenisPtk === KEPALA_SEKOLAH) return 'teacher';
  return role === 'admin' ? 'office' : 'none';
}

export class PersonFactory {
  private readonly minter: IdMinter;
  private readonly nisns: NisnMinter;
  private readonly npsns: NpsnMinter;
  private readonly teacherMix = new Map<Jenjang, WeightedTable<string>>();
  private readonly tendikMix = new Map<Jenjang, WeightedTable<string>>();

  constructor(
    private readonly rng: Prng,
    private readonly issued: IssuedIdentifiers,
  ) {
    this.minter = new IdMinter(rng, rng.nextUint32());
    this.nisns = new NisnMinter(rng);
    this.npsns = new NpsnMinter(rng);
  }

  newId(): string {
    return this.unique(this.issued.ids, () => this.minter.next());
  }

  teacherType(jenjang: Jenjang): string {
    return this.table(this.teacherMix, jenjang, TEACHER_MIX[jenjang]).sample(this.rng);
  }

  tendikType(jenjang: Jenjang): string {
    return this.table(this.tendikMix, jenjang, tendikMix(jenjang)).sample(this.rng);
  }

  school(bentuk: string, province: string, negeri: boolean): SchoolRec {
    const kab = twoDigits(this.rng.between(1, 30));
    const kec = twoDigits(this.rng.between(1, 20));
    return {
      sekolahId: this.newId(),
      npsn: this.unique(this.issued.npsn, () => this.npsns.next()),
      nama: schoolName(this.rng, bentuk, negeri),
      bentuk,
      status: negeri ? 'Negeri' : 'Swasta',
      kodeWilayah: `${province}${kab}${kec}`,
    };
  }

  /** The home assignment (ptk_induk 1) of a new PTK, aged to fit the role. */
  ptk(school: SchoolInfo, jenisPtk: string, year: number): PtkRec {
    const rng = this.rng;
    const female = rng.chance(0.63);
    // Teachers skew older (a retirement wave is under way): the square root favours high ages.
    const age =
      jenisPtk === KEPALA_SEKOLAH ? rng.between(40, 59) : 23 + Math.floor(36.99 * Math.sqrt(rng.float()));
    const birth = randomDate(rng, year - age);
    const kind = staffKind(jenisPtk);
    const nama = withTitles(rng, personName(rng, female, school.province), female, age >= 45, kind);
    const ids = rng.float();
    return {
      rowId: this.newId(),
      personId: this.newId(),
      nama,
      nik: this.nik(school, birth, female),
      nuptk: (kind === 'none' ? ids < 0.1 : ids < 0.6) ? nuptk(rng) : '',
      nip: kind !== 'none' && age >= 25 && ids < 0.4 ? nip(rng, birth, female, year - 1) : '',
      jenisKelamin: female ? 'P' : 'L',
      tanggalLahir: birth.iso,
      email: rng.chance(PTK_EMAIL_SHARE) ? emailFor(rng, nama) : '',
      jenisPtk,
      npsn: school.rec.npsn,
      ptkInduk: '1',
      jenisKeluar: '',
      tanggalKeluar: '',
    };
  }

  /** Another assignment of the same PTK (ptk_induk 0), same identity. */
  assignment(main: PtkRec, school: SchoolInfo, jenisPtk: string, ptkInduk = '0'): PtkRec {
    const { dropped: _dropped, ...identity } = main;
    return {
      ...identity,
      rowId: this.newId(),
      jenisPtk,
      npsn: school.rec.npsn,
      ptkInduk,
      jenisKeluar: '',
      tanggalKeluar: '',
    };
  }

  /** A new pupil of the age that fits the tingkat in the school year of `date`. */
  pupil(school: SchoolInfo, tingkat: number, date: string): PdRec {
    const rng = this.rng;
    const female = rng.chance(0.49);
    const birthYear = schoolYearStart(date) - this.ageAtYearStart(school, tingkat);
    const birth = randomDate(rng, birthYear);
    let nama = personName(rng, female, school.province);
    if (rng.chance(PD_UPPERCASE_SHARE)) nama = nama.toUpperCase();
    return {
      rowId: this.newId(),
      personId: this.newId(),
      nisn: this.unique(this.issued.nisn, () => this.nisns.next(birth.year)),
      nik: this.nik(school, birth, female),
      nama,
      jenisKelamin: female ? 'P' : 'L',
      tanggalLahir: birth.iso,
      email: rng.chance(PD_EMAIL_SHARE) ? emailFor(rng, nama) : '',
      npsn: school.rec.npsn,
      tingkat,
      jenisKeluar: '',
      tanggalKeluar: '',
    };
  }

  /** A new registration of an existing pupil at another school. */
  registration(pupil: PdRec, school: SchoolInfo, tingkat: number): PdRec {
    const { dropped: _dropped, ...identity } = pupil;
    return {
      ...identity,
      rowId: this.newId(),
      npsn: school.rec.npsn,
      tingkat,
      jenisKeluar: '',
      tanggalKeluar: '',
    };
  }

  private ageAtYearStart(school: SchoolInfo, tingkat: number): number {
    const rng = this.rng;
    if (school.jenjang === 'paud') {
      if (school.rec.bentuk === 'TK') return rng.between(4, 5);
      return school.rec.bentuk === 'SPS' ? rng.between(3, 5) : rng.between(2, 3);
    }
    let age = 5 + tingkat + (rng.chance(0.35) ? 1 : 0);
    if (school.jenjang === 'slb') age += rng.between(0, 3);
    if (school.jenjang === 'kesetaraan') age += rng.between(0, 15);
    return age;
  }

  private nik(school: SchoolInfo, birth: BirthDate, female: boolean): string {
    return this.unique(this.issued.nik, () =>
      nik(this.rng, school.rec.kodeWilayah.padEnd(6, '0').slice(0, 6), birth, female),
    );
  }

  private unique(seen: Set<string>, make: () => string): string {
    for (;;) {
      const value = make();
      if (!seen.has(value)) {
        seen.add(value);
        return value;
      }
    }
  }

  private table(
    cache: Map<Jenjang, WeightedTable<string>>,
    jenjang: Jenjang,
    mix: ReadonlyArray<readonly [string, number]>,
  ) {
    let table = cache.get(jenjang);
    if (!table) {
      table = new WeightedTable(mix);
      cache.set(jenjang, table);
    }
    return table;
  }
}
