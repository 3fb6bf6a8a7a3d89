// What accounts a person should have, judged from their rows alone (DESIGN 2: jenjang, role, "one
// account per person per jenjang", fine print 2 and 3). Pure.
import type { AccountRole, Jenjang, Policy } from './policy.js';
import { roleOfPtk } from './policy.js';
import type { PdRow, PersonRow, PtkRow } from './records.js';

/** The school facts the rules need. `jenjang` is null for an unknown bentuk_pendidikan. */
export interface SchoolFacts {
  npsn: string;
  jenjang: Jenjang | null;
  kodeWilayah: string;
}

export interface DesiredAccount {
  jenjang: Jenjang;
  role: AccountRole;
  npsn: string;
  /** The row that gives the account: its profile fields are the account's. */
  row: PersonRow;
}

export interface DesiredState {
  accounts: Map<Jenjang, DesiredAccount>;
  /** Jenjang where an existing account must stay as it is (unknown jenis_ptk or bentuk_pendidikan). */
  frozen: Set<Jenjang>;
  /** Schools with an unknown bentuk_pendidikan whose existing accounts stay as they are. */
  frozenSchools: Set<string>;
  /** Jenjang where the person is active only in roles that get no account. */
  noAccountRole: Set<Jenjang>;
  unknownJenisPtk: number;
  unknownBentuk: number;
}

export function isActiveRow(row: PersonRow): boolean {
  return row.jenisKeluar === '';
}

export function desiredAccounts(
  rows: readonly PersonRow[],
  schoolOf: (npsn: string) => SchoolFacts | undefined,
  policy: Policy,
): DesiredState {
  const state: DesiredState = {
    accounts: new Map(),
    frozen: new Set(),
    frozenSchools: new Set(),
    noAccountRole: new Set(),
    unknownJenisPtk: 0,
    unknownBentuk: 0,
  };
  const candidates = new Map<Jenjang, { role: AccountRole; row: PersonRow }[]>();
  for (const row of rows) {
    const school = schoolOf(row.npsn);
    if (!school) continue;
    if (school.jenjang === null) {
      // Ended rows too: an account at such a school stays as it is whatever its rows say.
      state.unknownBentuk++;
      state.frozenSchools.add(row.npsn);
      continue;
    }
    if (!isActiveRow(row)) continue;
    const role =
      row.kind === 'ptk' ? ptkRole(row, school.jenjang, state, policy) : pdRole(row, school.jenjang, policy);
    if (!role) continue;
    const list = candidates.get(school.jenjang) ?? [];
    list.push({ role, row });
    candidates.set(school.jenjang, list);
  }
  for (const [jenjang, list] of candidates) {
    const winner = pickWinner(list);
    state.accounts.set(jenjang, { jenjang, role: winner.role, npsn: winner.row.npsn, row: winner.row });
    state.noAccountRole.delete(jenjang);
  }
  return state;
}

function ptkRole(row: PtkRow, jenjang: Jenjang, state: DesiredState, policy: Policy): AccountRole | null {
  const role = roleOfPtk(row.jenisPtk, policy);
  if (role === 'unknown') {
    state.unknownJenisPtk++;
    state.frozen.add(jenjang);
    return null;
  }
  if (role === 'none') {
    state.noAccountRole.add(jenjang);
    return null;
  }
  return role;
}

function pdRole(row: PdRow, jenjang: Jenjang, policy: Policy): AccountRole | null {
  const paud = jenjang === 'paud' || row.tingkat === 0;
  return paud && !policy.paudPupilsGetAccounts ? null : 'siswa';
}

const ROLE_RANK: Record<AccountRole, number> = { admin: 0, guru: 1, siswa: 2 };

/** admin over guru; then the home school (ptk_induk); then the lowest NPSN; then the lowest row id. */
function pickWinner(list: { role: AccountRole; row: PersonRow }[]): { role: AccountRole; row: PersonRow } {
  let best = list[0]!;
  for (const candidate of list.slice(1)) if (compareCandidates(candidate, best) < 0) best = candidate;
  return best;
}

function compareCandidates(
  a: { role: AccountRole; row: PersonRow },
  b: { role: AccountRole; row: PersonRow },
): number {
  if (ROLE_RANK[a.role] !== ROLE_RANK[b.role]) return ROLE_RANK[a.role] - ROLE_RANK[b.role];
  const aInduk = a.row.kind === 'ptk' && a.row.ptkInduk ? 0 : 1;
  const bInduk = b.row.kind === 'ptk' && b.row.ptkInduk ? 0 : 1;
  if (aInduk !== bInduk) return aInduk - bInduk;
  if (a.row.npsn !== b.row.npsn) return a.row.npsn < b.row.npsn ? -1 : 1;
  return a.row.rowId < b.row.rowId ? -1 : a.row.rowId > b.row.rowId ? 1 : 0;
}
