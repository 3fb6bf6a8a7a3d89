// The month-to-month changes a synthetic extract goes through. Each operation changes whole
// persons (never half of one) and reports how many persons it touched.

import type { Jenjang } from '../../src/domain/policy.js';
import { addDays } from '../../src/generate/identifier-minters.js';
import { correctedName, emailFor } from '../../src/generate/name-details.js';
import type { Prng } from '../../src/generate/random-source.js';
import { KEPALA_SEKOLAH, PD, type PersonFactory, PTK, type SchoolRef, teacherTypeFor } from './people.js';
import type { RowFile } from './row-file.js';

export interface ChurnContext {
  rng: Prng;
  factory: PersonFactory;
  takenAt: string;
  schools: Map<string, SchoolRef>;
  /** Schools by `province|jenjang` and by `*|jenjang`. */
  groups: Map<string, SchoolRef[]>;
  byProvince: Map<string, SchoolRef[]>;
  ptk: RowFile;
  pd: RowFile;
  /** NPSN → row index of the school's active Kepala Sekolah. */
  heads: Map<string, number>;
  /** NPSN → indexes of the ptk rows at that school. */
  staffBySchool: Map<string, number[]>;
  changed: Set<string>;
}

export type ChurnOperation = (ctx: ChurnContext) => number;

interface Picked {
  index: number;
  fields: string[];
  school: SchoolRef;
}

type Columns = typeof PTK | typeof PD;
type Edit = (fields: string[]) => void;

/** A random active row of a person not changed yet, satisfying `accept`; null after enough misses. */
function pickActive(
  ctx: ChurnContext,
  file: RowFile,
  cols: Columns,
  accept: (fields: string[], school: SchoolRef) => boolean = () => true,
): Picked | null {
  for (let attempt = 0; attempt < 400 && file.rowCount > 0; attempt++) {
    const index = 1 + ctx.rng.int(file.rowCount);
    if (file.isEdited(index)) continue;
    const fields = file.fields(index);
    const school = ctx.schools.get(fields[cols.npsn] ?? '');
    if (!school || fields[cols.keluar] !== '' || ctx.changed.has(fields[cols.personId]!)) continue;
    if (accept(fields, school)) return { index, fields, school };
  }
  return null;
}

function pickSchool(ctx: ChurnContext, province: string, jenjang: Jenjang | null, notNpsn: string) {
  for (const key of [`${province}|${jenjang}`, `*|${jenjang}`]) {
    const list = ctx.groups.get(key) ?? [];
    for (let attempt = 0; attempt < 6 && list.length > 1; attempt++) {
      const school = ctx.rng.pick(list);
      if (school.npsn !== notNpsn) return school;
    }
  }
  return null;
}

function pickOtherJenjang(ctx: ChurnContext, from: SchoolRef): SchoolRef | null {
  const list = ctx.byProvince.get(from.province) ?? [];
  for (let attempt = 0; attempt < 12 && list.length > 1; attempt++) {
    const school = ctx.rng.pick(list);
    if (school.jenjang !== null && school.jenjang !== from.jenjang) return school;
  }
  return null;
}

function exitDate(ctx: ChurnContext): string {
  return addDays(ctx.takenAt, -ctx.rng.between(1, 28));
}

/** Ends a row with a jenis_keluar, or (when `mayRemove`) sometimes drops it as Dapodik may. */
function endRow(
  ctx: ChurnContext,
  file: RowFile,
  cols: Columns,
  picked: Picked,
  reason: string,
  mayRemove: number,
) {
  if (ctx.rng.chance(mayRemove)) {
    file.remove(picked.index);
    return;
  }
  const fields = picked.fields.slice();
  fields[cols.keluar] = reason;
  fields[cols.tanggalKeluar] = exitDate(ctx);
  file.replace(picked.index, fields);
}

/** Appends a new row for the picked person at another school; `edit` adjusts it first. */
function moveRow(
  ctx: ChurnContext,
  file: RowFile,
  cols: Columns,
  picked: Picked,
  to: SchoolRef,
  edit?: Edit,
) {
  const fields = picked.fields.slice();
  fields[cols.rowId] = ctx.factory.newId();
  fields[cols.npsn] = to.npsn;
  edit?.(fields);
  file.append(fields);
  ctx.changed.add(fields[cols.personId]!);
}

/** A pupil moves to another school of the same jenjang: a new registration there. */
export const pupilTransfer: ChurnOperation = (ctx) => {
  const picked = pickActive(ctx, ctx.pd, PD);
  const to = picked && pickSchool(ctx, picked.school.province, picked.school.jenjang, picked.school.npsn);
  if (!picked || !to) return 0;
  endRow(ctx, ctx.pd, PD, picked, 'Mutasi', 0.5);
  moveRow(ctx, ctx.pd, PD, picked, to);
  return 1;
};

/** SD kelas 6 goes on to SMP kelas 7: the SD row disappears, a new registration appears. */
export const pupilToSmp: ChurnOperation = (ctx) => {
  const picked = pickActive(ctx, ctx.pd, PD, (f, s) => s.jenjang === 'sd' && f[PD.tingkat] === '6');
  const to = picked && pickSchool(ctx, picked.school.province, 'smp', '');
  if (!picked || !to) return 0;
  ctx.pd.remove(picked.index);
  moveRow(ctx, ctx.pd, PD, picked, to, (f) => {
    f[PD.tingkat] = '7';
  });
  return 1;
};

/** A pupil drops out: Putus Sekolah, or the row simply vanishes. */
export const pupilLeaves: ChurnOperation = (ctx) => {
  const picked = pickActive(ctx, ctx.pd, PD);
  if (!picked) return 0;
  endRow(ctx, ctx.pd, PD, picked, 'Putus Sekolah', 0.4);
  ctx.changed.add(picked.fields[PD.personId]!);
  return 1;
};

/** A new pupil, at a school picked in proportion to its pupils. */
export const newPupil: ChurnOperation = (ctx) => {
  const template = pickActive(ctx, ctx.pd, PD);
  if (!template) return 0;
  const tingkat = Number(template.fields[PD.tingkat]);
  const fields = ctx.factory.pupil(template.school, tingkat);
  ctx.pd.append(fields);
  ctx.changed.add(fields[PD.personId]!);
  return 1;
};

/** A PTK near retirement age goes on Pensiun at every assignment; a retiring head is replaced. */
export const ptkRetires: ChurnOperation = (ctx) => {
  const year = Number(ctx.takenAt.slice(0, 4));
  const picked =
    pickActive(ctx, ctx.ptk, PTK, (f) => year - Number(f[PTK.tanggalLahir]!.slice(0, 4)) >= 58) ??
    pickActive(ctx, ctx.ptk, PTK);
  if (!picked) return 0;
  const personId = picked.fields[PTK.personId]!;
  const date = exitDate(ctx);
  let changed = 1;
  for (const index of ctx.ptk.rowsOf(personId)) {
    const fields = ctx.ptk.fields(index);
    if (ctx.ptk.removed.has(index) || fields[PTK.keluar] !== '') continue;
    fields[PTK.keluar] = 'Pensiun';
    fields[PTK.tanggalKeluar] = date;
    ctx.ptk.replace(index, fields);
    if (ctx.heads.get(fields[PTK.npsn]!) === index) {
      ctx.heads.delete(fields[PTK.npsn]!);
      changed += appointSuccessor(ctx, fields[PTK.npsn]!);
    }
  }
  ctx.changed.add(personId);
  return changed;
};

/** A retiring head is succeeded by a teacher of the same school, when one is free to change. */
function appointSuccessor(ctx: ChurnContext, npsn: string): number {
  for (const index of ctx.staffBySchool.get(npsn) ?? []) {
    if (ctx.ptk.isEdited(index)) continue;
    const fields = ctx.ptk.fields(index);
    const eligible =
      fields[PTK.keluar] === '' && fields[PTK.induk] === '1' && fields[PTK.jenisPtk]!.startsWith('Guru');
    if (!eligible || ctx.changed.has(fields[PTK.personId]!)) continue;
    fields[PTK.jenisPtk] = KEPALA_SEKOLAH;
    ctx.ptk.replace(index, fields);
    ctx.heads.set(npsn, index);
    ctx.changed.add(fields[PTK.personId]!);
    return 1;
  }
  return 0;
}

/** A teacher is moved (mutasi) to another school, usually of the same jenjang. */
export const ptkMutasi: ChurnOperation = (ctx) => {
  const picked = pickActive(
    ctx,
    ctx.ptk,
    PTK,
    (f) => f[PTK.induk] === '1' && f[PTK.jenisPtk]!.startsWith('Guru'),
  );
  if (!picked) return 0;
  const to = ctx.rng.chance(0.8)
    ? pickSchool(ctx, picked.school.province, picked.school.jenjang, picked.school.npsn)
    : pickOtherJenjang(ctx, picked.school);
  if (!to) return 0;
  endRow(ctx, ctx.ptk, PTK, picked, 'Mutasi', 0.5);
  moveRow(ctx, ctx.ptk, PTK, picked, to, (f) => {
    if (to.jenjang !== picked.school.jenjang) f[PTK.jenisPtk] = teacherTypeFor(to.jenjang, ctx.rng);
  });
  return 1;
};

/** A teacher is appointed Kepala Sekolah; the former head goes back to teaching. Two persons. */
export const headAppointed: ChurnOperation = (ctx) => {
  const picked = pickActive(ctx, ctx.ptk, PTK, (f) => {
    const head = ctx.heads.get(f[PTK.npsn]!);
    if (head === undefined || f[PTK.induk] !== '1' || !f[PTK.jenisPtk]!.startsWith('Guru')) return false;
    return !ctx.changed.has(ctx.ptk.fields(head)[PTK.personId]!);
  });
  if (!picked) return 0;
  const headIndex = ctx.heads.get(picked.school.npsn)!;
  const former = ctx.ptk.fields(headIndex);
  former[PTK.jenisPtk] = teacherTypeFor(picked.school.jenjang, ctx.rng);
  ctx.ptk.replace(headIndex, former);
  const fields = picked.fields.slice();
  fields[PTK.jenisPtk] = KEPALA_SEKOLAH;
  ctx.ptk.replace(picked.index, fields);
  ctx.heads.set(picked.school.npsn, picked.index);
  ctx.changed.add(former[PTK.personId]!);
  ctx.changed.add(fields[PTK.personId]!);
  return 2;
};

function updatePerson(ctx: ChurnContext, file: RowFile, personId: string, edit: Edit) {
  for (const index of file.rowsOf(personId)) {
    if (file.removed.has(index)) continue;
    const fields = file.fields(index);
    edit(fields);
    file.replace(index, fields);
  }
  ctx.changed.add(personId);
}

function pickAnyone(ctx: ChurnContext): { file: RowFile; cols: Columns; picked: Picked } | null {
  const staff = ctx.rng.chance(0.15);
  const file = staff ? ctx.ptk : ctx.pd;
  const cols = staff ? PTK : PD;
  const picked = pickActive(ctx, file, cols);
  return picked ? { file, cols, picked } : null;
}

/** Dapodik corrects a misspelt name. */
export const nameCorrected: ChurnOperation = (ctx) => {
  const hit = pickAnyone(ctx);
  if (!hit) return 0;
  const { file, cols, picked } = hit;
  const female = picked.fields[cols.jenisKelamin] === 'P';
  const nama = correctedName(ctx.rng, picked.fields[cols.nama]!, female);
  if (nama === picked.fields[cols.nama]) return 0;
  updatePerson(ctx, file, picked.fields[cols.personId]!, (f) => {
    f[cols.nama] = nama;
  });
  return 1;
};

/** A person gets a (new) personal email. */
export const emailChanged: ChurnOperation = (ctx) => {
  const hit = pickAnyone(ctx);
  if (!hit) return 0;
  const { file, cols, picked } = hit;
  let email = emailFor(ctx.rng, picked.fields[cols.nama]!);
  if (email === picked.fields[cols.email]) email = `baru.${email}`;
  updatePerson(ctx, file, picked.fields[cols.personId]!, (f) => {
    f[cols.email] = email;
  });
  return 1;
};
