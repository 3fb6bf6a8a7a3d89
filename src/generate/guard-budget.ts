// Keeps a generated month under the safety guards (DESIGN 2, "Safety"), so that a sync applies it
// rather than holding it. The generator counts, as the guards do, accounts that leave without a
// paired move against the active accounts before the month, per school, province and nationally,
// and refuses a change that would cross a limit. Only the limits are shared with the product (the
// policy's configuration); the counting is the generator's own, from the changes it scripted.

import { DEFAULT_POLICY } from '../domain/policy.js';

/** Stay a little below each limit: an extract from elsewhere may hold accounts we cannot see. */
const MARGIN = 0.9;

export class GuardBudget {
  private readonly limits = DEFAULT_POLICY.guards;
  private readonly activeByProvince = new Map<string, number>();
  private readonly total: number;
  private readonly leavers = new Map<string, number>();
  private readonly seasonal = new Map<string, number>();

  constructor(
    private readonly activeBySchool: ReadonlyMap<string, number>,
    private readonly provinceOf: (npsn: string) => string,
  ) {
    let total = 0;
    for (const [npsn, n] of activeBySchool) {
      total += n;
      const p = provinceOf(npsn);
      this.activeByProvince.set(p, (this.activeByProvince.get(p) ?? 0) + n);
    }
    this.total = total;
  }

  /** Reserves one leaver per account (by its school); false, reserving nothing, if over a limit. */
  tryLeave(npsns: readonly string[]): boolean {
    if (npsns.length === 0) return true;
    const { nationalShare, provinceShare, schoolShare } = this.limits;
    if (!this.fits(this.leavers, npsns, nationalShare, schoolShare, provinceShare)) return false;
    for (const npsn of npsns) this.leavers.set(npsn, (this.leavers.get(npsn) ?? 0) + 1);
    return true;
  }

  /** The same for seasonal leavers (Lulus at a final tingkat): no province limit for them. */
  trySeasonal(npsns: readonly string[]): boolean {
    if (npsns.length === 0) return true;
    const { seasonalNationalShare, seasonalSchoolShare } = this.limits;
    if (!this.fits(this.seasonal, npsns, seasonalNationalShare, seasonalSchoolShare, null)) return false;
    for (const npsn of npsns) this.seasonal.set(npsn, (this.seasonal.get(npsn) ?? 0) + 1);
    return true;
  }

  private fits(
    counted: Map<string, number>,
    npsns: readonly string[],
    national: number,
    school: number,
    province: number | null,
  ): boolean {
    const sum = (m: Map<string, number>, pick: (npsn: string) => boolean) =>
      [...m].reduce((n, [k, v]) => (pick(k) ? n + v : n), 0);
    if (sum(counted, () => true) + npsns.length > MARGIN * national * this.total) return false;
    for (const npsn of new Set(npsns)) {
      const adding = npsns.filter((n) => n === npsn).length;
      const active = this.activeBySchool.get(npsn) ?? 0;
      if (active >= this.limits.schoolFloor && (counted.get(npsn) ?? 0) + adding > MARGIN * school * active)
        return false;
      if (province === null) continue;
      const p = this.provinceOf(npsn);
      const inProvince = sum(counted, (k) => this.provinceOf(k) === p);
      const addingHere = npsns.filter((n) => this.provinceOf(n) === p).length;
      if (inProvince + addingHere > MARGIN * province * (this.activeByProvince.get(p) ?? 0)) return false;
    }
    return true;
  }
}
