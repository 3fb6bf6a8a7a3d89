// Which accounts the people of a generated extract hold, as the generator knows them from what it
// wrote. The generator keeps every PTK to at most one active assignment per jenjang and every pupil
// to at most one active registration, so an account is simply "that row's school, jenjang and
// role" — the policy tables give jenjang and role. A person outside those shapes (say, from a
// hand-made extract) is `null`: irregular, and the generator never changes them.

import { type AccountRole, DEFAULT_POLICY, type Jenjang, roleOfPtk } from '../domain/policy.js';
import type { PdRec, PtkRec } from './extract-model.js';
import { addDays } from './identifier-minters.js';
import type { SchoolDirectory } from './school-directory.js';

export interface AccountRef {
  jenjang: Jenjang;
  role: AccountRole;
  npsn: string;
}

export type PtkRole = 'guru' | 'admin' | 'none' | 'unknown';

export function ptkRole(jenisPtk: string): PtkRole {
  return roleOfPtk(jenisPtk, DEFAULT_POLICY);
}

export function isActive(row: { jenisKeluar: string; dropped?: boolean }): boolean {
  return !row.dropped && row.jenisKeluar === '';
}

/** One account per jenjang with an account-giving assignment; null when the person is irregular. */
export function ptkAccounts(rows: readonly PtkRec[], schools: SchoolDirectory): AccountRef[] | null {
  const out: AccountRef[] = [];
  const seen = new Set<Jenjang>();
  for (const row of rows) {
    if (!isActive(row)) continue;
    const jenjang = schools.get(row.npsn)?.jenjang ?? null;
    const role = ptkRole(row.jenisPtk);
    if (jenjang === null || role === 'unknown' || seen.has(jenjang)) return null;
    seen.add(jenjang);
    if (role !== 'none') out.push({ jenjang, role, npsn: row.npsn });
  }
  return out;
}

/** Lulus at tingkat 6 or 9 opens a continuation window (DESIGN 2): the account stays active. */
export const CONTINUATION_TINGKAT: readonly number[] = DEFAULT_POLICY.continuationTingkat;
export const CONTINUATION_DAYS = DEFAULT_POLICY.continuationDays;

/** The Lulus row of a pupil who left tingkat 6 or 9 and has registered nowhere since. */
export function pendingRow(rows: readonly PdRec[]): PdRec | null {
  if (rows.some(isActive)) return null;
  const live = rows.filter((r) => !r.dropped);
  if (live.length !== 1) return null;
  const row = live[0]!;
  return row.jenisKeluar === 'Lulus' && CONTINUATION_TINGKAT.includes(row.tingkat) ? row : null;
}

export function windowEnd(row: PdRec): string {
  return addDays(row.tanggalKeluar, CONTINUATION_DAYS);
}

/** The pupil's account (none at PAUD); null when irregular (two active registrations). */
export function pdAccounts(rows: readonly PdRec[], schools: SchoolDirectory): AccountRef[] | null {
  const active = rows.filter(isActive);
  const row = active.length === 0 ? pendingRow(rows) : active.length === 1 ? active[0]! : undefined;
  if (row === undefined) return null;
  if (row === null) return [];
  const jenjang = schools.get(row.npsn)?.jenjang ?? null;
  if (jenjang === null) return null;
  if (jenjang === 'paud' || row.tingkat === 0) return [];
  return [{ jenjang, role: 'siswa', npsn: row.npsn }];
}
