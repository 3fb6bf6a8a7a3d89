// Guards (DESIGN 2, "Safety", fine print 7): the whole plan is judged largest scope first; what
// trips is held, the rest applies. Pure: the sync gathers the tallies, this decides.

export interface GuardLimits {
  nationalShare: number;
  provinceShare: number;
  schoolShare: number;
  /** Both school limits apply only to schools with at least this many active accounts. */
  schoolFloor: number;
  seasonalSchoolShare: number;
  seasonalNationalShare: number;
  rejectedShare: number;
  rejectedFloor: number;
}

export const DEFAULT_GUARD_LIMITS: GuardLimits = Object.freeze({
  nationalShare: 0.02,
  provinceShare: 0.05,
  schoolShare: 0.3,
  schoolFloor: 20,
  seasonalSchoolShare: 0.6,
  seasonalNationalShare: 0.1,
  rejectedShare: 0.01,
  rejectedFloor: 5,
});

export const HOLD_REASONS = [
  'threshold',
  'seasonal_threshold',
  'completeness',
  'rejected_share',
  'source_error',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export interface Hold {
  /** 'run', 'provinsi:NN' or 'sekolah:NPSN'. */
  scope: string;
  reason: HoldReason;
}

export interface GuardTallies {
  /** Active accounts before the run, per school (the denominators). */
  activeBySchool: ReadonlyMap<string, number>;
  /** Province code (first two characters of kode_wilayah) of each school. */
  provinceOf: (npsn: string) => string;
  /** Accounts that would enter `deactivating` without a paired move, per school. */
  leaversBySchool: ReadonlyMap<string, number>;
  /** Seasonal leavers (Lulus at a final tingkat, continuation windows ending), per school. */
  seasonalBySchool: ReadonlyMap<string, number>;
  /** Schools in sekolah.csv that no row names while they had people before. */
  emptiedSchools: readonly string[];
  /** Schools the source could not read (manifest failed_npsn). */
  failedSchools: readonly string[];
  files: readonly { file: string; rows: number; rejected: number }[];
}

function sum(map: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const n of map.values()) total += n;
  return total;
}

function over(count: number, total: number, share: number): boolean {
  return count > 0 && count > share * total;
}

export function judge(t: GuardTallies, limits: GuardLimits): Hold[] {
  const whole = judgeRun(t, limits);
  if (whole) return [whole];
  const holds: Hold[] = [];
  const heldProvinces = new Set<string>();
  const byProvince = (map: ReadonlyMap<string, number>) => {
    const out = new Map<string, number>();
    for (const [npsn, n] of map) out.set(t.provinceOf(npsn), (out.get(t.provinceOf(npsn)) ?? 0) + n);
    return out;
  };
  const activeByProvince = byProvince(t.activeBySchool);
  for (const [province, leavers] of [...byProvince(t.leaversBySchool)].sort()) {
    if (over(leavers, activeByProvince.get(province) ?? 0, limits.provinceShare)) {
      heldProvinces.add(province);
      holds.push({ scope: `provinsi:${province}`, reason: 'threshold' });
    }
  }
  const schoolHolds = new Map<string, HoldReason>();
  const hold = (npsn: string, reason: HoldReason) => {
    if (!heldProvinces.has(t.provinceOf(npsn)) && !schoolHolds.has(npsn)) schoolHolds.set(npsn, reason);
  };
  for (const npsn of t.failedSchools) hold(npsn, 'source_error');
  for (const npsn of t.emptiedSchools) hold(npsn, 'completeness');
  for (const [npsn, active] of t.activeBySchool) {
    if (active < limits.schoolFloor) continue;
    if (over(t.leaversBySchool.get(npsn) ?? 0, active, limits.schoolShare)) hold(npsn, 'threshold');
    if (over(t.seasonalBySchool.get(npsn) ?? 0, active, limits.seasonalSchoolShare))
      hold(npsn, 'seasonal_threshold');
  }
  for (const [npsn, reason] of [...schoolHolds].sort()) holds.push({ scope: `sekolah:${npsn}`, reason });
  return holds;
}

function judgeRun(t: GuardTallies, limits: GuardLimits): Hold | null {
  for (const f of t.files) {
    if (f.rejected >= limits.rejectedFloor && f.rejected > limits.rejectedShare * f.rows) {
      return { scope: 'run', reason: 'rejected_share' };
    }
  }
  const active = sum(t.activeBySchool);
  if (over(sum(t.leaversBySchool), active, limits.nationalShare))
    return { scope: 'run', reason: 'threshold' };
  if (over(sum(t.seasonalBySchool), active, limits.seasonalNationalShare)) {
    return { scope: 'run', reason: 'seasonal_threshold' };
  }
  return null;
}

/** Which held scope, if any, covers a school: the run, its province, or the school itself. */
export function heldScopeOf(
  npsn: string,
  holds: readonly Hold[],
  provinceOf: (npsn: string) => string,
): Hold | null {
  for (const h of holds) {
    if (h.scope === 'run') return h;
    if (h.scope === `provinsi:${provinceOf(npsn)}`) return h;
    if (h.scope === `sekolah:${npsn}`) return h;
  }
  return null;
}
