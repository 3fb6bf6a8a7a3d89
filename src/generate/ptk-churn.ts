// Changes to PTK: retirement, death, resignation, vanished rows, mutasi within and across jenjang,
// heads replaced by a teacher of the school, second assignments gained and ended, duties without an
// account, new hires, and a successor for a head who leaves.

import { isActive, ptkRole } from './account-view.js';
import { accountBefore, keepsStaff, leaveRow, ptkAccountAt, withReason } from './churn-steps.js';
import type { EvolveContext } from './evolve-context.js';
import type { PtkRec } from './extract-model.js';
import { KEPALA_SEKOLAH } from './school-catalog.js';
import type { SchoolInfo } from './school-directory.js';
import { reasonCode, type ScriptedEvent } from './truth-log.js';

function activeRows(ctx: EvolveContext, id: string): PtkRec[] {
  return ctx.ptkRows(id).filter(isActive);
}

/** Leaving must not empty a school of its staff: completeness would hold it. */
function canLeaveAll(ctx: EvolveContext, rows: readonly PtkRec[]): boolean {
  return rows.length > 0 && rows.every((r) => keepsStaff(ctx, r.npsn) && ctx.schoolOf(r)?.closed === false);
}

function ageAt(row: PtkRec, date: string): number {
  return Number(date.slice(0, 4)) - Number(row.tanggalLahir.slice(0, 4));
}

/**
 * The PTK leaves everywhere: every active row ends with `jenisKeluar` (Pensiun, Meninggal,
 * Mengundurkan diri), or, when it is empty, every row is deleted (the sync sees them absent).
 */
export function ptkLeaves(ctx: EvolveContext, jenisKeluar: string, minAge = 0): boolean {
  const id = ctx.pick('ptk', (pid) => {
    const rows = activeRows(ctx, pid);
    return canLeaveAll(ctx, rows) && ageAt(rows[0]!, ctx.step.date) >= minAge;
  });
  if (!id) return false;
  const accounts = ctx.accountsBefore('ptk', id);
  if (!ctx.budget.tryLeave(accounts.map((a) => a.npsn))) return false;
  const date = ctx.exitDate();
  const heads: SchoolInfo[] = [];
  for (const row of activeRows(ctx, id)) {
    if (row.jenisPtk === KEPALA_SEKOLAH) heads.push(ctx.schoolOf(row)!);
    if (jenisKeluar === '') row.dropped = true;
    else {
      row.jenisKeluar = jenisKeluar;
      row.tanggalKeluar = date;
    }
  }
  ctx.touch('ptk', id);
  const reason = jenisKeluar === '' ? 'absent' : reasonCode(jenisKeluar);
  ctx.truth.set(
    'ptk',
    id,
    accounts.map((from) => ({ type: 'ptk_deactivated', reason, from })),
  );
  for (const school of heads) appointHead(ctx, school);
  return true;
}

/** A free teacher of the school whose guru account is there: the next head. */
function successorAt(ctx: EvolveContext, school: SchoolInfo): PtkRec | null {
  const npsn = school.rec.npsn;
  const rows = ctx
    .staffAt(npsn)
    .filter(
      (r) =>
        ctx.isFree('ptk', r.personId) &&
        ptkRole(r.jenisPtk) === 'guru' &&
        accountBefore(ctx, 'ptk', r.personId, npsn)?.role === 'guru',
    );
  return rows.length > 0 ? ctx.rng.pick(rows) : null;
}

/** A teacher of the school becomes its Kepala Sekolah (guru → admin at the same school). */
export function appointHead(ctx: EvolveContext, school: SchoolInfo, row = successorAt(ctx, school)): boolean {
  if (!row) return false;
  const from = accountBefore(ctx, 'ptk', row.personId, school.rec.npsn)!;
  row.jenisPtk = KEPALA_SEKOLAH;
  ctx.touch('ptk', row.personId);
  ctx.truth.set('ptk', row.personId, [{ type: 'ptk_role_changed', from, to: { ...from, role: 'admin' } }]);
  return true;
}

/** The head's term ends: back to teaching, and a teacher of the school takes over. */
export function headReplaced(ctx: EvolveContext): boolean {
  const school = ctx.schools.pick(ctx.rng, () => true);
  if (!school) return false;
  const npsn = school.rec.npsn;
  const head = ctx.staffAt(npsn).find((r) => r.jenisPtk === KEPALA_SEKOLAH && ctx.isFree('ptk', r.personId));
  const from = head ? accountBefore(ctx, 'ptk', head.personId, npsn) : undefined;
  const successor = successorAt(ctx, school);
  if (!head || from?.role !== 'admin' || !successor) return false;
  appointHead(ctx, school, successor);
  head.jenisPtk = ctx.factory.teacherType(school.jenjang!);
  ctx.touch('ptk', head.personId);
  ctx.truth.set('ptk', head.personId, [{ type: 'ptk_role_changed', from, to: { ...from, role: 'guru' } }]);
  return true;
}

/**
 * Mutasi: one assignment moves to another school — of the same jenjang (a teacher or tendik keeps
 * the same duty) or of another jenjang the person does not yet work in (a teacher only).
 */
export function ptkMutasi(ctx: EvolveContext, sameJenjang: boolean): boolean {
  let moving: PtkRec | undefined;
  const id = ctx.pick('ptk', (pid) => {
    const rows = activeRows(ctx, pid).filter((r) => {
      const role = ptkRole(r.jenisPtk);
      if (r.jenisPtk === KEPALA_SEKOLAH || !keepsStaff(ctx, r.npsn)) return false;
      return sameJenjang ? role === 'guru' || role === 'admin' : role === 'guru';
    });
    moving = rows.length > 0 ? ctx.rng.pick(rows) : undefined;
    return moving !== undefined;
  });
  if (!id || !moving) return false;
  const row = moving;
  const school = ctx.schoolOf(row)!;
  const held = new Set(activeRows(ctx, id).map((r) => ctx.schoolOf(r)?.jenjang));
  const to = ctx.schools.pick(
    ctx.rng,
    (s) =>
      sameJenjang ? s.jenjang === school.jenjang : !held.has(s.jenjang) && !ctx.hasLost('ptk', id, s.jenjang),
    school,
  );
  if (!to) return false;
  const jenisPtk = sameJenjang ? row.jenisPtk : ctx.factory.teacherType(to.jenjang!);
  const next = ctx.factory.assignment(row, to, jenisPtk, row.ptkInduk);
  const reason = leaveRow(ctx, row, 'Mutasi');
  ctx.addPtk(next);
  ctx.touch('ptk', id);
  const event: ScriptedEvent = {
    type: 'ptk_transferred',
    ...withReason(reason),
    same_jenjang: sameJenjang,
    from: accountBefore(ctx, 'ptk', id, row.npsn)!,
    to: ptkAccountAt(to, jenisPtk)!,
  };
  ctx.truth.set('ptk', id, [event]);
  return true;
}

/** A teacher takes on a second school of another jenjang: a new account there. */
export function secondAssignment(ctx: EvolveContext): boolean {
  const id = ctx.pick('ptk', (pid) => {
    const rows = activeRows(ctx, pid);
    return rows.length === 1 && ptkRole(rows[0]!.jenisPtk) === 'guru';
  });
  if (!id) return false;
  const main = activeRows(ctx, id)[0]!;
  const home = ctx.schoolOf(main)!;
  const to = ctx.schools.pick(
    ctx.rng,
    (s) => s.jenjang !== home.jenjang && !ctx.hasLost('ptk', id, s.jenjang),
    home,
  );
  if (!to) return false;
  const jenisPtk = ctx.factory.teacherType(to.jenjang!);
  ctx.addPtk(ctx.factory.assignment(main, to, jenisPtk));
  ctx.touch('ptk', id);
  ctx.truth.set('ptk', id, [{ type: 'account_created', to: ptkAccountAt(to, jenisPtk)! }]);
  return true;
}

/** A second assignment ends without a jenis_keluar (the row is gone): that account alone goes. */
export function secondAssignmentEnds(ctx: EvolveContext): boolean {
  const id = ctx.pick('ptk', (pid) => {
    const rows = activeRows(ctx, pid);
    return rows.length >= 2 && rows.some((r) => r.ptkInduk !== '1' && keepsStaff(ctx, r.npsn));
  });
  if (!id) return false;
  const row = activeRows(ctx, id).find((r) => r.ptkInduk !== '1' && keepsStaff(ctx, r.npsn))!;
  const from = accountBefore(ctx, 'ptk', id, row.npsn);
  if (from && !ctx.budget.tryLeave([from.npsn])) return false;
  row.dropped = true;
  ctx.touch('ptk', id);
  if (from) ctx.truth.set('ptk', id, [{ type: 'ptk_deactivated', reason: 'absent', from }]);
  return true;
}

const NO_ACCOUNT_DUTIES = ['Penjaga Sekolah', 'Pesuruh', 'Tenaga Kebersihan'];

/** An office tendik is given a duty that carries no account (reason no_account_role). */
export function noAccountDuty(ctx: EvolveContext): boolean {
  const id = ctx.pick('ptk', (pid) => {
    const rows = activeRows(ctx, pid);
    return (
      rows.length === 1 && rows[0]!.jenisPtk !== KEPALA_SEKOLAH && ptkRole(rows[0]!.jenisPtk) === 'admin'
    );
  });
  if (!id) return false;
  const row = activeRows(ctx, id)[0]!;
  const from = accountBefore(ctx, 'ptk', id, row.npsn)!;
  if (!ctx.budget.tryLeave([from.npsn])) return false;
  row.jenisPtk = ctx.rng.pick(NO_ACCOUNT_DUTIES);
  ctx.touch('ptk', id);
  ctx.truth.set('ptk', id, [{ type: 'ptk_deactivated', reason: 'no_account_role', from }]);
  return true;
}

/** A new PTK at an open school; `jenisPtk` defaults to a teacher or tendik of the school's mix. */
export function hire(ctx: EvolveContext, school: SchoolInfo | null, jenisPtk?: string): boolean {
  const at = school ?? ctx.schools.pick(ctx.rng, () => true);
  if (!at) return false;
  const jenjang = at.jenjang!;
  const type =
    jenisPtk ?? (ctx.rng.chance(0.8) ? ctx.factory.teacherType(jenjang) : ctx.factory.tendikType(jenjang));
  const row = ctx.factory.ptk(at, type, Number(ctx.step.date.slice(0, 4)));
  ctx.addPtk(row);
  ctx.touch('ptk', row.personId);
  const to = ptkAccountAt(at, type);
  if (to) ctx.truth.set('ptk', row.personId, [{ type: 'account_created', to }]);
  return true;
}
