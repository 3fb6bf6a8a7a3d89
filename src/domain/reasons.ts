// Why an account is lost (DESIGN 2, "Reasons" and fine print 4). Pure.
import type { SchoolFacts } from './desired.js';
import type { Jenjang, Policy } from './policy.js';
import type { PersonRow } from './records.js';

export interface LossReason {
  reason: string;
  /** The ended row that gave a jenis_keluar, if any (a move carries a reason only then). */
  endedRow: PersonRow | null;
  /** Lulus at a final tingkat: counted against the seasonal limits. */
  seasonal: boolean;
  /** Lulus at a tingkat that opens a continuation window (SD 6, SMP 9). */
  continuation: boolean;
}

/** 'Putus Sekolah' → 'putus_sekolah'; 'Mengundurkan diri' → 'mengundurkan_diri'. */
export function snakeCase(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const DEATH = new Set(['meninggal', 'wafat', 'meninggal_dunia']);

export function isDeath(reason: string): boolean {
  return DEATH.has(reason);
}

export interface LossContext {
  jenjang: Jenjang;
  /** The person's rows in this extract (in scope), ended ones included. */
  newRows: readonly PersonRow[];
  /** The person's rows before this run. */
  prevRows: readonly PersonRow[];
  noAccountRole: boolean;
  schoolOf: (npsn: string) => SchoolFacts | undefined;
  isClosed: (npsn: string) => boolean;
  policy: Policy;
}

export function lossReason(ctx: LossContext): LossReason {
  const ended = ctx.newRows.filter(
    (row) => row.jenisKeluar !== '' && ctx.schoolOf(row.npsn)?.jenjang === ctx.jenjang,
  );
  const endedRow = pickEndedRow(ended);
  if (endedRow) {
    const reason = snakeCase(endedRow.jenisKeluar);
    const tingkat = endedRow.kind === 'pd' ? endedRow.tingkat : -1;
    const lulus = reason === 'lulus';
    return {
      reason,
      endedRow,
      seasonal: lulus && ctx.policy.finalTingkat.includes(tingkat),
      continuation: lulus && ctx.policy.continuationTingkat.includes(tingkat),
    };
  }
  const none = { endedRow: null, seasonal: false, continuation: false };
  if (ctx.noAccountRole) return { reason: 'no_account_role', ...none };
  const closed = ctx.prevRows.some(
    (row) =>
      row.jenisKeluar === '' && ctx.schoolOf(row.npsn)?.jenjang === ctx.jenjang && ctx.isClosed(row.npsn),
  );
  return { reason: closed ? 'school_closed' : 'absent', ...none };
}

/** Death first; then the latest tanggal_keluar; ties by row id so the choice is stable. */
function pickEndedRow(rows: readonly PersonRow[]): PersonRow | null {
  let best: PersonRow | null = null;
  for (const row of rows) {
    if (!best || compareEnded(row, best) < 0) best = row;
  }
  return best;
}

function compareEnded(a: PersonRow, b: PersonRow): number {
  const aDeath = isDeath(snakeCase(a.jenisKeluar)) ? 0 : 1;
  const bDeath = isDeath(snakeCase(b.jenisKeluar)) ? 0 : 1;
  if (aDeath !== bDeath) return aDeath - bDeath;
  if (a.tanggalKeluar !== b.tanggalKeluar) return a.tanggalKeluar > b.tanggalKeluar ? -1 : 1;
  return a.rowId < b.rowId ? -1 : a.rowId > b.rowId ? 1 : 0;
}
