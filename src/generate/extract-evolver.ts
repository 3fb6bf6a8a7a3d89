// `selaras generate --from <dir> --out <dir2> [--months M]`: the extract M months later, and
// truth.ndjson, the events a correct sync of <dir> then <dir2> must produce. Each month applies
// the churn of churn-rates.ts in a fixed order; July also starts a new school year.

import { join, resolve } from 'node:path';
import type { Jenjang } from '../domain/policy.js';
import { AppError } from '../errors.js';
import { AccountHistory } from './account-history.js';
import { isActive } from './account-view.js';
import { PUPIL_DROPOUT, RATES, type RateKey } from './churn-rates.js';
import { repeat } from './churn-steps.js';
import { EvolveContext } from './evolve-context.js';
import { readExtractData, writeExtractData, writeText } from './extract-model.js';
import { addMonths } from './identifier-minters.js';
import { assertIsoDate } from './manifest-file.js';
import { emailChanged, nameCorrected } from './profile-churn.js';
import {
  headReplaced,
  hire,
  noAccountDuty,
  ptkLeaves,
  ptkMutasi,
  secondAssignment,
  secondAssignmentEnds,
} from './ptk-churn.js';
import {
  newPupil,
  pupilDies,
  pupilDropsOut,
  pupilOtherJenjang,
  pupilReturns,
  pupilTransfer,
} from './pupil-churn.js';
import type { Prng } from './random-source.js';
import { keepSchoolsStaffed, schoolCloses, schoolOpens } from './school-churn.js';
import { lateRegistrations, rollover } from './school-year.js';

export interface EvolveOptions {
  fromDir: string;
  outDir: string;
  months?: number;
  seed?: number;
  snapshotId?: string;
  /** Only the rates: no minimum of one change of each kind per month. */
  pureRates?: boolean;
}

export interface EvolveSummary {
  dir: string;
  taken_at: string;
  snapshot_id: string;
  schools: number;
  ptk_rows: number;
  pd_rows: number;
  truth: Record<string, number>;
  /** Changes made, by kind (churn-rates.ts names). */
  changes: Record<string, number>;
}

export const MAX_MONTHS = 36;

export async function evolveExtract(o: EvolveOptions): Promise<EvolveSummary> {
  const months = o.months ?? 1;
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS)
    throw new AppError('bad_input', `months must be a whole number from 1 to ${MAX_MONTHS}`);
  if (resolve(o.fromDir) === resolve(o.outDir))
    throw new AppError('bad_input', '--out must differ from --from');
  const data = await readExtractData(o.fromDir);
  const takenAt = data.manifest.taken_at;
  assertIsoDate(takenAt);
  if (data.manifest.scope.kind !== 'national')
    throw new AppError('bad_input', '--from must be a national extract');
  const finalDate = addMonths(takenAt, months);
  const seed = o.seed ?? 1;
  const history = await AccountHistory.read(o.fromDir);
  const ctx = new EvolveContext(data, seed, finalDate, history);
  const changes: Record<string, number> = {};
  for (let k = 1; k <= months; k++) {
    const date = addMonths(takenAt, k);
    ctx.step = { prev: addMonths(takenAt, k - 1), date, month: Number(date.slice(5, 7)) };
    runMonth(new Month(ctx, o.pureRates === true, changes));
  }
  data.manifest = {
    snapshot_id: o.snapshotId ?? `sintetis-${seed}-${finalDate}`,
    taken_at: finalDate,
    scope: data.manifest.scope,
  };
  await writeExtractData(o.outDir, data);
  await writeText(join(o.outDir, 'truth.ndjson'), ctx.truth.toNdjson(finalDate));
  history.update(ctx.truth, (kind, id) => ctx.isPresent(kind, id));
  await history.write(o.outDir);
  return {
    dir: o.outDir,
    taken_at: finalDate,
    snapshot_id: data.manifest.snapshot_id,
    schools: data.schools.filter((s) => !s.dropped).length,
    ptk_rows: data.ptk.filter((r) => !r.dropped).length,
    pd_rows: data.pd.filter((r) => !r.dropped).length,
    truth: ctx.truth.counts(),
    changes,
  };
}

interface Population {
  pupils: Map<Jenjang, number>;
  allPupils: number;
  ptk: number;
  /** PTK with assignments at two or more schools. */
  ptkTwoSchools: number;
  schools: number;
}

function population(ctx: EvolveContext): Population {
  const pupils = new Map<Jenjang, number>();
  for (const row of ctx.data.pd) {
    const jenjang = ctx.schoolOf(row)?.jenjang;
    if (isActive(row) && jenjang) pupils.set(jenjang, (pupils.get(jenjang) ?? 0) + 1);
  }
  const assignments = new Map<string, number>();
  for (const row of ctx.data.ptk.filter(isActive))
    assignments.set(row.personId, (assignments.get(row.personId) ?? 0) + 1);
  const ptkTwoSchools = [...assignments.values()].filter((n) => n > 1).length;
  const allPupils = [...pupils.values()].reduce((a, b) => a + b, 0);
  return { pupils, allPupils, ptk: assignments.size, ptkTwoSchools, schools: ctx.schools.open().length };
}

/** A twelfth of a yearly rate, rounded at random so small extracts still change now and then. */
function monthly(rng: Prng, perYear: number, people: number, atLeastOne: boolean): number {
  const exact = (perYear / 12) * people;
  const n = Math.floor(exact) + (rng.chance(exact % 1) ? 1 : 0);
  return atLeastOne && people > 0 ? Math.max(1, n) : n;
}

/** One month's changes, counted by kind for the summary. */
class Month {
  constructor(
    readonly ctx: EvolveContext,
    private readonly pure: boolean,
    private readonly changes: Record<string, number>,
  ) {}

  times(kind: string, count: number, change: () => boolean): void {
    const done = repeat(count, change);
    this.changes[kind] = (this.changes[kind] ?? 0) + done;
  }

  rate(key: RateKey, people: number, change: () => boolean): void {
    this.times(key, monthly(this.ctx.rng, RATES[key], people, !this.pure), change);
  }

  note(kind: string, n: number): void {
    this.changes[kind] = (this.changes[kind] ?? 0) + n;
  }

  get pureRates(): boolean {
    return this.pure;
  }
}

function runMonth(month: Month): void {
  const { ctx } = month;
  const pop = population(ctx);
  if (ctx.step.month === 7) month.note('schoolYearGraduates', rollover(ctx));
  month.rate('schoolCloses', pop.schools, () => schoolCloses(ctx));
  month.rate('schoolOpens', pop.schools, () => schoolOpens(ctx));
  if (ctx.step.month === 8 || ctx.step.month === 9) month.note('lateRegistrations', lateRegistrations(ctx));
  runPtkChurn(month, pop);
  runPupilChurn(month, pop);
  month.rate('nameCorrected', pop.allPupils, () => nameCorrected(ctx, 'pd'));
  month.rate('nameCorrected', pop.ptk, () => nameCorrected(ctx, 'ptk'));
  month.rate('emailChanged', pop.allPupils, () => emailChanged(ctx, 'pd'));
  month.rate('emailChanged', pop.ptk, () => emailChanged(ctx, 'ptk'));
  month.note('headHiredForEmptySchool', keepSchoolsStaffed(ctx));
}

function runPtkChurn(month: Month, pop: Population): void {
  const { ctx } = month;
  // Retirement comes at 60 (BUP for teachers): those close to it go first.
  month.rate('ptkRetire', pop.ptk, () => ptkLeaves(ctx, 'Pensiun', 58) || ptkLeaves(ctx, 'Pensiun', 55));
  month.rate('ptkDeath', pop.ptk, () => ptkLeaves(ctx, 'Meninggal'));
  month.rate('ptkResign', pop.ptk, () => ptkLeaves(ctx, 'Mengundurkan diri'));
  month.rate('ptkVanish', pop.ptk, () => ptkLeaves(ctx, ''));
  month.rate('ptkMutasi', pop.ptk, () => ptkMutasi(ctx, true));
  month.rate('ptkMutasiOtherJenjang', pop.ptk, () => ptkMutasi(ctx, false));
  month.rate('headReplaced', pop.schools, () => headReplaced(ctx));
  month.rate('secondAssignment', pop.ptk, () => secondAssignment(ctx));
  month.rate('secondAssignmentEnds', pop.ptkTwoSchools, () => secondAssignmentEnds(ctx));
  month.rate('noAccountDuty', pop.ptk, () => noAccountDuty(ctx));
  month.rate('ptkHire', pop.ptk, () => hire(ctx, null));
}

function runPupilChurn(month: Month, pop: Population): void {
  const { ctx } = month;
  month.rate('pupilDeath', pop.allPupils, () => pupilDies(ctx));
  const perJenjang = new Map<Jenjang, number>();
  for (const [jenjang, n] of pop.pupils)
    perJenjang.set(jenjang, monthly(ctx.rng, PUPIL_DROPOUT[jenjang], n, false));
  const total = [...perJenjang.values()].reduce((a, b) => a + b, 0);
  if (!month.pureRates && total === 0 && perJenjang.has('sd')) perJenjang.set('sd', 1);
  for (const [jenjang, n] of perJenjang) month.times('pupilDropout', n, () => pupilDropsOut(ctx, jenjang));
  month.rate('pupilTransfer', pop.allPupils, () => pupilTransfer(ctx));
  month.rate('pupilOtherJenjang', pop.allPupils, () => pupilOtherJenjang(ctx));
  month.rate('pupilNew', pop.allPupils, () => newPupil(ctx));
  // Only in the first month: later, `tick` may have deleted the account and a return creates one.
  if (ctx.step.prev === ctx.startDate) month.rate('pupilReturns', ctx.lapsed.size, () => pupilReturns(ctx));
}
