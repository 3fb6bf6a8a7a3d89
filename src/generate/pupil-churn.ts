// Changes to pupils during a school year: transfers, moves to another jenjang, dropouts, deaths and
// new pupils. Each records the events a correct sync must find for that pupil.

import type { Jenjang } from '../domain/policy.js';
import { DROPOUT_AS } from './churn-rates.js';
import { activeRegistration, endRow, leaveRow, siswaAt, withReason } from './churn-steps.js';
import type { EvolveContext } from './evolve-context.js';
import { teaches } from './school-directory.js';
import { reasonCode } from './truth-log.js';

/** A pupil moves to another school of the same jenjang: a new registration there. */
export function pupilTransfer(ctx: EvolveContext): boolean {
  const id = ctx.pick('pd', (pid) => activeRegistration(ctx, pid) !== null);
  const from = id ? activeRegistration(ctx, id) : null;
  if (!id || !from) return false;
  const { row, school } = from;
  const to = ctx.schools.pick(
    ctx.rng,
    (s) => s.jenjang === school.jenjang && teaches(s, row.tingkat),
    school,
  );
  if (!to) return false;
  const next = ctx.factory.registration(row, to, row.tingkat);
  const reason = leaveRow(ctx, row, 'Mutasi');
  ctx.addPd(next);
  ctx.touch('pd', id);
  const [before] = ctx.accountsBefore('pd', id);
  const after = siswaAt(to, row.tingkat);
  if (before && after)
    ctx.truth.set('pd', id, [{ type: 'pd_transferred', ...withReason(reason), from: before, to: after }]);
  return true;
}

const OTHER_JENJANG: Partial<Record<Jenjang, readonly Jenjang[]>> = {
  sd: ['slb'],
  smp: ['slb', 'kesetaraan'],
  sma: ['smk', 'kesetaraan', 'slb'],
  smk: ['sma', 'kesetaraan'],
};

/** A pupil moves mid-year to a school of another jenjang (SMA↔SMK, to an SLB, to a PKBM). */
export function pupilOtherJenjang(ctx: EvolveContext): boolean {
  const id = ctx.pick('pd', (pid) => {
    const reg = activeRegistration(ctx, pid);
    return reg !== null && OTHER_JENJANG[reg.school.jenjang!] !== undefined;
  });
  const from = id ? activeRegistration(ctx, id) : null;
  if (!id || !from) return false;
  const { row, school } = from;
  const targets = OTHER_JENJANG[school.jenjang!]!;
  const to = ctx.schools.pick(
    ctx.rng,
    (s) => targets.includes(s.jenjang!) && teaches(s, row.tingkat) && !ctx.hasLost('pd', id, s.jenjang),
    school,
  );
  if (!to) return false;
  const next = ctx.factory.registration(row, to, row.tingkat);
  const reason = leaveRow(ctx, row, 'Mutasi');
  ctx.addPd(next);
  ctx.touch('pd', id);
  const [before] = ctx.accountsBefore('pd', id);
  const after = siswaAt(to, row.tingkat)!;
  ctx.truth.set('pd', id, [{ type: 'pd_level_changed', ...withReason(reason), from: before!, to: after }]);
  return true;
}

/** A pupil of this jenjang leaves school: Putus Sekolah, Mengundurkan diri, or the row vanishes. */
export function pupilDropsOut(ctx: EvolveContext, jenjang: Jenjang): boolean {
  const roll = ctx.rng.float();
  const jenisKeluar =
    roll < DROPOUT_AS.putusSekolah
      ? 'Putus Sekolah'
      : roll < DROPOUT_AS.putusSekolah + DROPOUT_AS.mengundurkanDiri
        ? 'Mengundurkan diri'
        : '';
  return pupilLeaves(ctx, jenisKeluar, (j) => j === jenjang);
}

/** A pupil dies: Wafat (DESIGN: the school's digest only, no mail to the person). */
export function pupilDies(ctx: EvolveContext): boolean {
  return pupilLeaves(ctx, 'Wafat', (j) => j !== 'paud');
}

/** Ends the pupil's registration with `jenisKeluar`, or deletes it when that is empty. */
function pupilLeaves(ctx: EvolveContext, jenisKeluar: string, accept: (j: Jenjang) => boolean): boolean {
  const id = ctx.pick('pd', (pid) => {
    const reg = activeRegistration(ctx, pid);
    return reg !== null && accept(reg.school.jenjang!);
  });
  const reg = id ? activeRegistration(ctx, id) : null;
  if (!id || !reg) return false;
  const [before] = ctx.accountsBefore('pd', id);
  if (before && !ctx.budget.tryLeave([before.npsn])) return false;
  if (jenisKeluar === '') reg.row.dropped = true;
  else endRow(reg.row, jenisKeluar, ctx.exitDate());
  ctx.touch('pd', id);
  const reason = jenisKeluar === '' ? 'absent' : reasonCode(jenisKeluar);
  if (before) ctx.truth.set('pd', id, [{ type: 'pd_deactivated', reason, from: before }]);
  return true;
}

/** A new pupil (arrived from a madrasah, from abroad, back from out of school). */
export function newPupil(ctx: EvolveContext): boolean {
  const school = ctx.schools.pick(ctx.rng, () => true);
  if (!school) return false;
  const [lo, hi] = school.tingkat;
  const row = ctx.factory.pupil(school, ctx.rng.between(lo, hi), ctx.step.date);
  ctx.addPd(row);
  ctx.touch('pd', row.personId);
  const to = siswaAt(school, row.tingkat);
  if (to) ctx.truth.set('pd', row.personId, [{ type: 'account_created', to }]);
  return true;
}

/**
 * A pupil who dropped out last month comes back to the same school. The account is still
 * deactivating (notice and retention outlast a month), so the sync reactivates it.
 */
export function pupilReturns(ctx: EvolveContext): boolean {
  const candidates = [...ctx.lapsed].filter(([id]) => !ctx.isTouched('pd', id));
  if (candidates.length === 0) return false;
  const [id, { row, account }] = ctx.rng.pick(candidates);
  const school = ctx.schoolOf(row);
  if (!school || school.closed) return false;
  ctx.addPd(ctx.factory.registration(row, school, row.tingkat));
  ctx.touch('pd', id);
  ctx.truth.set('pd', id, [
    { type: 'account_reactivated', from: account, to: siswaAt(school, row.tingkat)! },
  ]);
  return true;
}
