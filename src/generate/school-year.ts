// The start of a school year (the July extract): every pupil moves up a tingkat or repeats it; at a
// school's last tingkat pupils leave with Lulus — from SD and SMP on to the next level at another
// school (now, or within the continuation window), from SMA/SMK and other final levels for good;
// PAUD children of six go to SD kelas 1; and each school takes in a new first year.

import type { Jenjang } from '../domain/policy.js';
import { CONTINUATION_TINGKAT, isActive, pendingRow, windowEnd } from './account-view.js';
import { CONTINUATION, REPETITION } from './churn-rates.js';
import { endRow, siswaAt } from './churn-steps.js';
import type { EvolveContext } from './evolve-context.js';
import type { PdRec } from './extract-model.js';
import { addDays } from './identifier-minters.js';
import { schoolYearStart } from './person-factory.js';
import { type SchoolInfo, teaches } from './school-directory.js';

/** Graduation day: in June, after the previous extract, by this one. */
function graduationDate(ctx: EvolveContext): string {
  const year = ctx.step.date.slice(0, 4);
  const lo = maxDate(addDays(ctx.step.prev, 1), `${year}-06-10`);
  const hi = maxDate(lo, minDate(ctx.step.date, `${year}-06-30`));
  const span = Math.round((Date.parse(hi) - Date.parse(lo)) / 86_400_000);
  return addDays(lo, ctx.rng.between(0, span));
}

const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/** Moves every school on a year; returns how many pupils graduated. */
export function rollover(ctx: EvolveContext): number {
  const date = graduationDate(ctx);
  const cohorts = cohortSizes(ctx);
  const start = schoolYearStart(ctx.step.date);
  const pupils = ctx.data.pd.slice();
  let graduates = 0;
  for (const row of pupils) {
    const school = ctx.schoolOf(row);
    if (!isActive(row) || !school || school.closed || school.jenjang === null) continue;
    if (ctx.isIrregular('pd', row.personId)) continue;
    if (school.jenjang === 'paud') {
      if (leavesPaud(row, school, start) && leavePaud(ctx, row, date))
        cohorts.set(school, (cohorts.get(school) ?? 0) + 1);
    } else if (row.tingkat < school.tingkat[1]) {
      if (!ctx.rng.chance(REPETITION[school.jenjang])) row.tingkat++;
    } else if (ctx.mayGraduate(row.personId) && !ctx.rng.chance(REPETITION[school.jenjang])) {
      if (graduate(ctx, row, school, date)) graduates++;
    }
  }
  const firstYear = firstYearCounts(ctx);
  for (const [school, size] of cohorts) {
    const already = school.jenjang === 'paud' ? 0 : (firstYear.get(school) ?? 0);
    takeInFirstYear(ctx, school, size - already);
  }
  return graduates;
}

/**
 * Pupils a school takes in each year: its pupils over its tingkat, before the year moves on. A
 * PAUD takes in as many children as leave it (counted as they leave).
 */
function cohortSizes(ctx: EvolveContext): Map<SchoolInfo, number> {
  const counts = new Map<SchoolInfo, number>();
  for (const row of ctx.data.pd) {
    const school = ctx.schoolOf(row);
    if (isActive(row) && school && !school.closed && school.jenjang !== null)
      counts.set(school, (counts.get(school) ?? 0) + 1);
  }
  const out = new Map<SchoolInfo, number>();
  for (const [school, n] of counts) {
    const years = school.tingkat[1] - school.tingkat[0] + 1;
    out.set(school, school.jenjang === 'paud' ? 0 : Math.round(n / years));
  }
  return out;
}

/** A TK child leaves at six for SD; a younger playgroup child at four, for a TK. */
function leavesPaud(row: PdRec, school: SchoolInfo, yearStart: number): boolean {
  const age = yearStart - Number(row.tanggalLahir.slice(0, 4));
  return age >= (school.rec.bentuk === 'TK' ? 6 : 4);
}

function leavePaud(ctx: EvolveContext, row: PdRec, date: string): boolean {
  if (!ctx.isFree('pd', row.personId)) return false;
  endRow(row, 'Lulus', date);
  ctx.touch('pd', row.personId);
  const age6 = schoolYearStart(ctx.step.date) - Number(row.tanggalLahir.slice(0, 4)) >= 6;
  if (!age6 || !ctx.rng.chance(CONTINUATION.paudToSd)) return true;
  const sd = ctx.schools.pick(ctx.rng, (s) => s.jenjang === 'sd' && teaches(s, 1), ctx.schoolOf(row));
  if (!sd) return true;
  ctx.addPd(ctx.factory.registration(row, sd, 1));
  ctx.truth.set('pd', row.personId, [{ type: 'account_created', to: siswaAt(sd, 1)! }]);
  return true;
}

/** Lulus at the school's last tingkat. */
function graduate(ctx: EvolveContext, row: PdRec, school: SchoolInfo, date: string): boolean {
  const [from] = ctx.accountsBefore('pd', row.personId);
  if (!from) return false;
  if (!CONTINUATION_TINGKAT.includes(row.tingkat)) {
    // A final level: the seasonal limits apply; past them, the school records Lulus a year later.
    if (!ctx.budget.trySeasonal([from.npsn])) return false;
    endRow(row, 'Lulus', date);
    ctx.touch('pd', row.personId);
    ctx.truth.set('pd', row.personId, [{ type: 'pd_deactivated', reason: 'lulus', from }]);
    return true;
  }
  endRow(row, 'Lulus', date);
  ctx.touch('pd', row.personId);
  const continues = ctx.rng.chance(continuationShare(school.jenjang!, row.tingkat));
  if (continues && ctx.rng.chance(CONTINUATION.inJuly) && registerNext(ctx, row, school)) return true;
  ctx.truth.set('pd', row.personId, [{ type: 'pd_continuation_pending', reason: 'lulus', from, to: from }]);
  if (continues) ctx.waiting.add(row.personId);
  return true;
}

function continuationShare(jenjang: Jenjang, tingkat: number): number {
  if (jenjang === 'slb') return CONTINUATION.slb;
  return tingkat === 6 ? CONTINUATION.sdToSmp : CONTINUATION.smpToSma;
}

/** Where a graduate of tingkat 6 or 9 goes on: SMP; SMA or SMK; the next special-needs level. */
function nextJenjang(ctx: EvolveContext, from: Jenjang, tingkat: number): readonly Jenjang[] {
  if (from === 'slb') return ['slb'];
  if (tingkat === 6) return ['smp'];
  return ctx.rng.chance(0.5) ? ['sma', 'smk'] : ['smk', 'sma'];
}

/**
 * A graduate registers at the next level. The sync pairs the ended account with the new one: a
 * move (`pd_level_changed`, or `pd_transferred` inside SLB) carrying the reason of the Lulus row.
 */
export function registerNext(ctx: EvolveContext, row: PdRec, school: SchoolInfo): boolean {
  const next = row.tingkat + 1;
  let to: SchoolInfo | null = null;
  for (const jenjang of nextJenjang(ctx, school.jenjang!, row.tingkat)) {
    if (ctx.hasLost('pd', row.personId, jenjang)) continue;
    to ??= ctx.schools.pick(ctx.rng, (s) => s.jenjang === jenjang && teaches(s, next), school);
  }
  if (!to) return false;
  ctx.addPd(ctx.factory.registration(row, to, next));
  const from = ctx.accountsBefore('pd', row.personId)[0]!;
  const type = to.jenjang === school.jenjang ? 'pd_transferred' : 'pd_level_changed';
  ctx.truth.set('pd', row.personId, [{ type, reason: 'lulus', from, to: siswaAt(to, next)! }]);
  ctx.waiting.delete(row.personId);
  return true;
}

/** Active pupils at each school's first tingkat, once the year has moved on. */
function firstYearCounts(ctx: EvolveContext): Map<SchoolInfo, number> {
  const out = new Map<SchoolInfo, number>();
  for (const row of ctx.data.pd) {
    const school = ctx.schoolOf(row);
    if (school && isActive(row) && row.tingkat === school.tingkat[0])
      out.set(school, (out.get(school) ?? 0) + 1);
  }
  return out;
}

/** `count` new pupils at the first tingkat (PKBM/SKB: at any tingkat; PAUD: children of two to five). */
function takeInFirstYear(ctx: EvolveContext, school: SchoolInfo, count: number): void {
  const [first, last] = school.tingkat;
  for (let i = 0; i < count; i++) {
    const tingkat = school.jenjang === 'kesetaraan' ? ctx.rng.between(first, last) : first;
    const row = ctx.factory.pupil(school, tingkat, ctx.step.date);
    ctx.addPd(row);
    ctx.touch('pd', row.personId);
    const to = siswaAt(school, tingkat);
    if (to) ctx.truth.set('pd', row.personId, [{ type: 'account_created', to }]);
  }
}

/**
 * In August and September some graduates still waiting register at the next level. Their Lulus
 * row is still in the extract (the continuation window is open), so the move carries `lulus`.
 */
export function lateRegistrations(ctx: EvolveContext): number {
  let done = 0;
  for (const id of ctx.ids.pd) {
    const waitingHere = ctx.waiting.has(id);
    if (!waitingHere && !ctx.isFree('pd', id)) continue;
    const row = pendingRow(ctx.pdRows(id));
    const school = row ? ctx.schoolOf(row) : undefined;
    if (!row || !school || school.closed || windowEnd(row) < ctx.step.date) continue;
    if (!ctx.rng.chance(CONTINUATION.lateMonthly) || !registerNext(ctx, row, school)) continue;
    ctx.touch('pd', id);
    done++;
  }
  return done;
}
