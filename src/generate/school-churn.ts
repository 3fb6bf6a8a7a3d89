// Schools closing and opening. A closure is a regrouping: the school leaves sekolah.csv and every
// row naming it goes; its pupils and most of its staff continue at the school it merges into, the
// rest of the staff lose their account (school_closed). A new school starts small, with new staff,
// new pupils and a few pupils who move in.

import { isActive } from './account-view.js';
import { CLOSURE_FOLLOWERS } from './churn-rates.js';
import {
  accountBefore,
  activeRegistration,
  leaveRow,
  ptkAccountAt,
  siswaAt,
  withReason,
} from './churn-steps.js';
import type { EvolveContext } from './evolve-context.js';
import type { PdRec, PtkRec } from './extract-model.js';
import { hire } from './ptk-churn.js';
import { WeightedTable } from './random-source.js';
import { BENTUK_SHAPES, KEPALA_SEKOLAH, PROVINCES } from './school-catalog.js';
import { type SchoolInfo, teaches } from './school-directory.js';

interface Occupants {
  ptk: PtkRec[];
  pd: PdRec[];
}

/** Everyone at the school, if all of them can move as a whole: free, active, and only there. */
function occupants(ctx: EvolveContext, school: SchoolInfo): Occupants | null {
  const npsn = school.rec.npsn;
  const ptk = ctx.data.ptk.filter((r) => !r.dropped && r.npsn === npsn);
  const pd = ctx.data.pd.filter((r) => !r.dropped && r.npsn === npsn);
  const whole = (kind: 'ptk' | 'pd', rows: readonly (PtkRec | PdRec)[]) =>
    rows.every(
      (r) =>
        isActive(r) &&
        ctx.isFree(kind, r.personId) &&
        (kind === 'ptk' ? ctx.ptkRows(r.personId) : ctx.pdRows(r.personId)).every((x) => x.npsn === npsn),
    );
  return whole('ptk', ptk) && whole('pd', pd) ? { ptk, pd } : null;
}

/** The smallest of a few closable schools, with the school it merges into. */
function closureCandidate(
  ctx: EvolveContext,
): { school: SchoolInfo; into: SchoolInfo; people: Occupants } | null {
  let best: { school: SchoolInfo; into: SchoolInfo; people: Occupants } | null = null;
  for (let i = 0; i < 8; i++) {
    const school = ctx.schools.pick(ctx.rng, (s) => !s.opened && !ctx.holdersChanged(s.rec.npsn));
    if (!school) return null;
    const people = occupants(ctx, school);
    const into = ctx.schools.pick(
      ctx.rng,
      (s) => s.rec.bentuk === school.rec.bentuk && s.tingkat[1] >= school.tingkat[1],
      school,
    );
    if (!people || !into) continue;
    const size = people.ptk.length + people.pd.length;
    if (!best || size < best.people.ptk.length + best.people.pd.length) best = { school, into, people };
  }
  return best;
}

export function schoolCloses(ctx: EvolveContext): boolean {
  const found = closureCandidate(ctx);
  if (!found) return false;
  const { school, into, people } = found;
  for (const row of people.pd) {
    ctx.addPd(ctx.factory.registration(row, into, row.tingkat));
    row.dropped = true;
    ctx.touch('pd', row.personId);
    const from = accountBefore(ctx, 'pd', row.personId, row.npsn);
    const to = siswaAt(into, row.tingkat);
    if (from && to) ctx.truth.set('pd', row.personId, [{ type: 'pd_transferred', from, to }]);
  }
  for (const row of people.ptk) closeAssignment(ctx, row, into);
  ctx.schools.close(school);
  return true;
}

/** A PTK of a closing school follows to the merged school, or loses the account there. */
function closeAssignment(ctx: EvolveContext, row: PtkRec, into: SchoolInfo): void {
  const from = accountBefore(ctx, 'ptk', row.personId, row.npsn);
  row.dropped = true;
  ctx.touch('ptk', row.personId);
  const follows = ctx.rng.chance(from ? CLOSURE_FOLLOWERS : 0.5);
  if (!follows && (!from || ctx.budget.tryLeave([from.npsn]))) {
    if (from)
      ctx.truth.set('ptk', row.personId, [{ type: 'ptk_deactivated', reason: 'school_closed', from }]);
    return;
  }
  // The merged school keeps its own head: a head who follows teaches there.
  const jenisPtk = row.jenisPtk === KEPALA_SEKOLAH ? ctx.factory.teacherType(into.jenjang!) : row.jenisPtk;
  ctx.addPtk(ctx.factory.assignment(row, into, jenisPtk, row.ptkInduk));
  const to = ptkAccountAt(into, jenisPtk);
  if (from && to)
    ctx.truth.set('ptk', row.personId, [{ type: 'ptk_transferred', same_jenjang: true, from, to }]);
}

const BENTUK_TABLE = new WeightedTable(BENTUK_SHAPES.map((s) => [s, s.schools] as const));
const PROVINCE_TABLE = new WeightedTable(PROVINCES.map(([code, , n]) => [code, n] as const));

/** A new school with a head, a few teachers, pupils at its first levels and a few who move in. */
export function schoolOpens(ctx: EvolveContext): boolean {
  const shape = BENTUK_TABLE.sample(ctx.rng);
  const rec = ctx.factory.school(shape.bentuk, PROVINCE_TABLE.sample(ctx.rng), ctx.rng.chance(shape.negeri));
  ctx.data.schools.push(rec);
  const school = ctx.schools.add(rec, true);
  hire(ctx, school, KEPALA_SEKOLAH);
  const teachers = Math.max(1, Math.round(shape.teachers / 3));
  for (let i = 0; i < teachers; i++) hire(ctx, school, ctx.factory.teacherType(school.jenjang!));
  const pupils = Math.max(3, Math.round(shape.pupils / 6));
  for (let i = 0; i < pupils; i++) enrolAtStart(ctx, school);
  for (let i = 0; i < 3; i++) moveIn(ctx, school);
  return true;
}

function enrolAtStart(ctx: EvolveContext, school: SchoolInfo): void {
  const [lo, hi] = school.tingkat;
  const tingkat = school.rec.bentuk === 'PKBM' || school.rec.bentuk === 'SKB' ? ctx.rng.between(lo, hi) : lo;
  const row = ctx.factory.pupil(school, tingkat, ctx.step.date);
  ctx.addPd(row);
  ctx.touch('pd', row.personId);
  const to = siswaAt(school, tingkat);
  if (to) ctx.truth.set('pd', row.personId, [{ type: 'account_created', to }]);
}

/** A pupil of a nearby school of the same jenjang moves to the new school. */
function moveIn(ctx: EvolveContext, school: SchoolInfo): boolean {
  const id = ctx.pick('pd', (pid) => {
    const reg = activeRegistration(ctx, pid);
    return reg !== null && reg.school.jenjang === school.jenjang && teaches(school, reg.row.tingkat);
  });
  const reg = id ? activeRegistration(ctx, id) : null;
  if (!id || !reg) return false;
  const next = ctx.factory.registration(reg.row, school, reg.row.tingkat);
  const reason = leaveRow(ctx, reg.row, 'Mutasi');
  ctx.addPd(next);
  ctx.touch('pd', id);
  const [from] = ctx.accountsBefore('pd', id);
  const to = siswaAt(school, reg.row.tingkat);
  if (from && to) ctx.truth.set('pd', id, [{ type: 'pd_transferred', ...withReason(reason), from, to }]);
  return true;
}

/** A school left without any active PTK hires a head, so the next pull still names it. */
export function keepSchoolsStaffed(ctx: EvolveContext): number {
  let hired = 0;
  const staffed = new Set(ctx.data.ptk.filter(isActive).map((r) => r.npsn));
  for (const school of ctx.schools.open()) {
    if (staffed.has(school.rec.npsn)) continue;
    hire(ctx, school, KEPALA_SEKOLAH);
    hired++;
  }
  return hired;
}
