// Small moves every kind of change is made of: ending or deleting a row, the account a row gives,
// a pupil's one active registration.

import type { AccountRef } from './account-view.js';
import { isActive, ptkRole } from './account-view.js';
import { ENDED_NOT_DELETED } from './churn-rates.js';
import type { EvolveContext } from './evolve-context.js';
import type { PdRec, PtkRec } from './extract-model.js';
import type { SchoolInfo } from './school-directory.js';
import { reasonCode, type ScriptedEvent } from './truth-log.js';

/**
 * A row the person leaves: usually ended with `jenisKeluar` dated this month, sometimes deleted as
 * Dapodik operators do. Returns the reason a sync will see, or undefined for a deleted row.
 */
export function leaveRow(ctx: EvolveContext, row: PtkRec | PdRec, jenisKeluar: string): string | undefined {
  if (!ctx.rng.chance(ENDED_NOT_DELETED)) {
    row.dropped = true;
    return undefined;
  }
  endRow(row, jenisKeluar, ctx.exitDate());
  return reasonCode(jenisKeluar);
}

export function endRow(row: PtkRec | PdRec, jenisKeluar: string, date: string): void {
  row.jenisKeluar = jenisKeluar;
  row.tanggalKeluar = date;
}

/** The pupil account a registration at this school gives: none at PAUD. */
export function siswaAt(school: SchoolInfo, tingkat: number): AccountRef | undefined {
  if (school.jenjang === null || school.jenjang === 'paud' || tingkat === 0) return undefined;
  return { jenjang: school.jenjang, role: 'siswa', npsn: school.rec.npsn };
}

/** The account a PTK assignment gives: none for a jenis_ptk without one. */
export function ptkAccountAt(school: SchoolInfo, jenisPtk: string): AccountRef | undefined {
  const role = ptkRole(jenisPtk);
  if (school.jenjang === null || (role !== 'guru' && role !== 'admin')) return undefined;
  return { jenjang: school.jenjang, role, npsn: school.rec.npsn };
}

/** The account a person held before this call at that school, if any. */
export function accountBefore(
  ctx: EvolveContext,
  kind: 'ptk' | 'pd',
  id: string,
  npsn: string,
): AccountRef | undefined {
  return ctx.accountsBefore(kind, id).find((a) => a.npsn === npsn);
}

export interface Registration {
  row: PdRec;
  school: SchoolInfo;
}

/** A pupil's single active registration at an open school of known jenjang, or null. */
export function activeRegistration(ctx: EvolveContext, id: string): Registration | null {
  const active = ctx.pdRows(id).filter(isActive);
  if (active.length !== 1) return null;
  const row = active[0]!;
  const school = ctx.schoolOf(row);
  if (!school || school.closed || school.jenjang === null) return null;
  return { row, school };
}

/** A school must keep at least one active PTK, or the next pull would show it emptied. */
export function keepsStaff(ctx: EvolveContext, npsn: string, leaving = 1): boolean {
  return ctx.staffAt(npsn).length > leaving;
}

/** `count` successes of `change`, giving up after three times as many tries. */
export function repeat(count: number, change: () => boolean): number {
  let done = 0;
  for (let attempt = 0; attempt < count * 3 && done < count; attempt++) if (change()) done++;
  return done;
}

/** The reason field of an event: present only when the ended row gave one. */
export function withReason(reason: string | undefined): Pick<ScriptedEvent, 'reason'> {
  return reason === undefined ? {} : { reason };
}
