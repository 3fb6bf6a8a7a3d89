// The next month of an extract: a given share of persons change in the ways Dapodik data does
// between two pulls, and every other line is copied byte for byte.

import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_POLICY, jenjangOf } from '../../src/domain/policy.js';
import { parseCsvLine, readLines } from '../../src/generate/csv-lines.js';
import { IdMinter, NisnMinter } from '../../src/generate/identifier-minters.js';
import { assertIsoDate, readManifest, writeManifest } from '../../src/generate/manifest-file.js';
import { Prng } from '../../src/generate/random-source.js';
import {
  type ChurnContext,
  type ChurnOperation,
  emailChanged,
  headAppointed,
  nameCorrected,
  newPupil,
  ptkMutasi,
  ptkRetires,
  pupilLeaves,
  pupilToSmp,
  pupilTransfer,
} from './churn.js';
import { KEPALA_SEKOLAH, PD, PD_HEADER, PersonFactory, PTK, PTK_HEADER, type SchoolRef } from './people.js';
import { leadingField, RowFile } from './row-file.js';
import { schoolsByProvince } from './schools.js';

export interface EvolveOptions {
  fromDir: string;
  outDir: string;
  /** Share of persons that change, e.g. 0.03. */
  churn: number;
  seed: number;
  takenAt: string;
  snapshotId?: string;
}

/** Each kind of change: its share of the changed persons and how many persons one change touches. */
const OPERATIONS: ReadonlyArray<readonly [ChurnOperation, number, number]> = [
  [pupilTransfer, 0.2, 1],
  [pupilToSmp, 0.15, 1],
  [pupilLeaves, 0.1, 1],
  [ptkRetires, 0.04, 1],
  [ptkMutasi, 0.04, 1],
  [headAppointed, 0.02, 2],
  [nameCorrected, 0.1, 1],
  [newPupil, 0.2, 1],
  [emailChanged, 0.15, 1],
];

/** Reads fromDir and writes a next-month extract where about churn*persons persons change. */
export async function evolveExtract(o: EvolveOptions): Promise<{ changed: number }> {
  assertIsoDate(o.takenAt);
  if (!(o.churn >= 0 && o.churn <= 1)) throw new Error('churn must be between 0 and 1');
  if (resolve(o.fromDir) === resolve(o.outDir)) throw new Error('outDir must differ from fromDir');
  const source = await readManifest(o.fromDir);
  if (o.takenAt <= source.taken_at) {
    throw new Error(`taken_at ${o.takenAt} must be after the source's ${source.taken_at}`);
  }
  const [schools, ptk, pd] = await Promise.all([
    readSchools(join(o.fromDir, 'sekolah.csv')),
    readPeople(join(o.fromDir, 'ptk.csv'), PTK_HEADER),
    readPeople(join(o.fromDir, 'peserta_didik.csv'), PD_HEADER),
  ]);
  const ctx = churnContext(o, schools, ptk, pd);
  const persons = ptk.rowsByPerson.size + pd.rowsByPerson.size;
  const target = o.churn * persons;
  for (const [operation, share, personsPerChange] of OPERATIONS) {
    const exact = (target * share) / personsPerChange;
    const wanted = Math.floor(exact) + (ctx.rng.chance(exact % 1) ? 1 : 0);
    let done = 0;
    for (let attempt = 0; attempt < wanted * 3 && done < wanted; attempt++) {
      if (operation(ctx) > 0) done++;
    }
  }

  await mkdir(o.outDir, { recursive: true });
  await writeManifest(o.outDir, {
    snapshot_id: o.snapshotId ?? `sintetis-${o.seed}-${o.takenAt}`,
    taken_at: o.takenAt,
    scope: source.scope,
  });
  await copyFile(join(o.fromDir, 'sekolah.csv'), join(o.outDir, 'sekolah.csv'));
  await Promise.all([ptk.write(join(o.outDir, 'ptk.csv')), pd.write(join(o.outDir, 'peserta_didik.csv'))]);
  return { changed: ctx.changed.size };
}

function churnContext(o: EvolveOptions, schools: SchoolRef[], ptk: RowFile, pd: RowFile): ChurnContext {
  const rng = new Prng(o.seed);
  const ids = new IdMinter(rng, rng.nextUint32());
  const issued = new Set<string>();
  for (let i = 1; i < pd.lines.length; i++) issued.add(leadingField(pd.lines[i]!, PD.nisn));
  const minter = new NisnMinter(rng);
  const nisns = {
    next(birthYear: number): string {
      let nisn = minter.next(birthYear);
      while (issued.has(nisn)) nisn = minter.next(birthYear);
      issued.add(nisn);
      return nisn;
    },
  };
  const groups = new Map<string, SchoolRef[]>();
  for (const school of schools) {
    for (const key of [`${school.province}|${school.jenjang}`, `*|${school.jenjang}`]) {
      const list = groups.get(key);
      if (list) list.push(school);
      else groups.set(key, [school]);
    }
  }
  return {
    rng,
    factory: new PersonFactory(rng, ids, nisns, Number(o.takenAt.slice(0, 4))),
    takenAt: o.takenAt,
    schools: new Map(schools.map((s) => [s.npsn, s])),
    groups,
    byProvince: schoolsByProvince(schools),
    ptk,
    pd,
    ...indexStaff(ptk),
    changed: new Set(),
  };
}

function indexStaff(ptk: RowFile): { heads: Map<string, number>; staffBySchool: Map<string, number[]> } {
  const heads = new Map<string, number>();
  const staffBySchool = new Map<string, number[]>();
  for (let i = 1; i < ptk.lines.length; i++) {
    const fields = ptk.fields(i);
    const npsn = fields[PTK.npsn]!;
    const staff = staffBySchool.get(npsn);
    if (staff) staff.push(i);
    else staffBySchool.set(npsn, [i]);
    if (fields[PTK.jenisPtk] === KEPALA_SEKOLAH && fields[PTK.keluar] === '') heads.set(npsn, i);
  }
  return { heads, staffBySchool };
}

async function readPeople(path: string, header: string): Promise<RowFile> {
  const file = await RowFile.read(path);
  if (file.lines[0] !== header) throw new Error(`${path}: expected header ${header}`);
  return file;
}

async function readSchools(path: string): Promise<SchoolRef[]> {
  const [header, ...rows] = await readLines(path);
  const columns = parseCsvLine(header ?? '');
  const at = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`${path}: missing column ${name}`);
    return index;
  };
  const [npsn, bentuk, kode] = [at('npsn'), at('bentuk_pendidikan'), at('kode_wilayah')];
  return rows.map((line) => {
    const f = parseCsvLine(line);
    const kodeWilayah = f[kode] ?? '';
    return {
      npsn: f[npsn] ?? '',
      kodeWilayah,
      province: kodeWilayah.slice(0, 2),
      jenjang: jenjangOf(f[bentuk] ?? '', DEFAULT_POLICY),
    };
  });
}
