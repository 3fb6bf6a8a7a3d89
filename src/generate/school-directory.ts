// The schools of an extract as the generator sees them: province, jenjang and the tingkat each
// teaches, which are open, and picking one near another.

import { DEFAULT_POLICY, type Jenjang, jenjangOf } from '../domain/policy.js';
import type { PdRec, SchoolRec } from './extract-model.js';
import type { Prng } from './random-source.js';
import { shapeOf } from './school-catalog.js';

export interface SchoolInfo {
  rec: SchoolRec;
  province: string;
  /** null for a bentuk_pendidikan outside the policy table: such schools are left alone. */
  jenjang: Jenjang | null;
  tingkat: readonly [number, number];
  closed: boolean;
  /** Opened by this run of the generator: its people are all new. */
  opened: boolean;
}

const JENJANG_RANGE: Record<Jenjang, readonly [number, number]> = {
  paud: [0, 0],
  sd: [1, 6],
  smp: [7, 9],
  sma: [10, 12],
  smk: [10, 12],
  slb: [1, 12],
  kesetaraan: [1, 12],
};

export function tingkatRangeOf(bentuk: string, jenjang: Jenjang | null): readonly [number, number] {
  return shapeOf(bentuk)?.tingkat ?? (jenjang ? JENJANG_RANGE[jenjang] : [0, 0]);
}

export class SchoolDirectory {
  private readonly byNpsn = new Map<string, SchoolInfo>();
  readonly list: SchoolInfo[] = [];

  constructor(schools: readonly SchoolRec[], pupils: readonly PdRec[]) {
    // An SMK with pupils in kelas XIII runs a four-year programme: its last tingkat is 13.
    const fourYear = new Set(pupils.filter((p) => p.tingkat === 13).map((p) => p.npsn));
    for (const rec of schools) {
      const info = this.add(rec, false);
      if (fourYear.has(rec.npsn) && info.tingkat[1] === 12) info.tingkat = [info.tingkat[0], 13];
    }
  }

  add(rec: SchoolRec, opened: boolean, tingkat?: readonly [number, number]): SchoolInfo {
    const jenjang = jenjangOf(rec.bentuk, DEFAULT_POLICY);
    const info: SchoolInfo = {
      rec,
      province: rec.kodeWilayah.slice(0, 2),
      jenjang,
      tingkat: tingkat ?? tingkatRangeOf(rec.bentuk, jenjang),
      closed: false,
      opened,
    };
    this.byNpsn.set(rec.npsn, info);
    this.list.push(info);
    return info;
  }

  get(npsn: string): SchoolInfo | undefined {
    return this.byNpsn.get(npsn);
  }

  has(npsn: string): boolean {
    return this.byNpsn.has(npsn);
  }

  open(): SchoolInfo[] {
    return this.list.filter((s) => !s.closed && s.jenjang !== null);
  }

  close(info: SchoolInfo): void {
    info.closed = true;
    info.rec.dropped = true;
  }

  /** A random open school accepted by `accept`, from `near`'s province when one is there. */
  pick(rng: Prng, accept: (s: SchoolInfo) => boolean, near?: SchoolInfo): SchoolInfo | null {
    const candidates = this.open().filter((s) => s !== near && accept(s));
    if (candidates.length === 0) return null;
    const local = near ? candidates.filter((s) => s.province === near.province) : [];
    return rng.pick(local.length > 0 ? local : candidates);
  }
}

export function teaches(school: SchoolInfo, tingkat: number): boolean {
  return tingkat >= school.tingkat[0] && tingkat <= school.tingkat[1];
}
