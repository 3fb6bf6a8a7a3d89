// Cek Akun: a teacher, a pupil or a parent finds the belajar.id address and its status from what they
// know (kind, school NPSN, full name, birth date). Every failure to match is one answer, "not found",
// whichever part was wrong, so the page never tells whether a person exists. Nothing personal beyond
// the account itself is returned: no NIK, NISN, birth date or personal email.
import { addDays } from '../../domain/dates.js';
import { personNameKey, sameName } from '../../domain/person-name.js';
import type { Policy } from '../../domain/policy.js';
import { type CekAkunAccountRow, createCekAkunRepository } from '../../store/cek-akun-repository.js';
import type { Store } from '../../store/store.js';
import type { RateLimit } from '../security/rate-limiter.js';
import { type PublicAppeal, publicAppealStates } from './appeal-view-service.js';

/** Look-ups allowed per client address, and per school across all clients (against enumeration). */
export const CEK_AKUN_LIMITS = {
  perClient: { limit: 10, windowMs: 60_000 },
  perNpsn: { limit: 30, windowMs: 60_000 },
} as const satisfies Record<string, RateLimit>;

export const PERSON_KINDS = ['ptk', 'pd'] as const;
export type PersonKindInput = (typeof PERSON_KINDS)[number];

export interface CekAkunInput {
  kind: PersonKindInput;
  npsn: string;
  nama: string;
  tanggalLahir: string;
}

export type CekAkunField = keyof CekAkunInput;

/** What the visitor typed, for a form shown again after a mistake (never the birth date). */
export interface TypedValues {
  kind?: string;
  npsn?: string;
  nama?: string;
}

export type FormCheck =
  | { ok: true; value: CekAkunInput }
  | { ok: false; errors: CekAkunField[]; typed: TypedValues };

const NAME_MAX = 100;

/** Checks the posted form; a problem names the fields only, so the page can say what to fix. */
export function readCekAkunForm(body: Record<string, unknown>, titles: readonly string[]): FormCheck {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const kind = text('kind');
  const npsn = text('npsn').trim().toUpperCase();
  const nama = text('nama').trim().replace(/\s+/g, ' ');
  const tanggalLahir = text('tanggal_lahir').trim();
  const errors: CekAkunField[] = [];
  if (!(PERSON_KINDS as readonly string[]).includes(kind)) errors.push('kind');
  if (!/^[0-9A-Z]{8}$/.test(npsn)) errors.push('npsn');
  if (nama.length > NAME_MAX || /\p{Cc}/u.test(nama) || personNameKey(nama, titles) === '')
    errors.push('nama');
  if (!isCalendarDate(tanggalLahir)) errors.push('tanggalLahir');
  if (errors.length > 0) {
    return { ok: false, errors, typed: { kind, npsn: npsn.slice(0, 8), nama: nama.slice(0, NAME_MAX) } };
  }
  return { ok: true, value: { kind: kind as PersonKindInput, npsn, nama, tanggalLahir } };
}

/** 'YYYY-MM-DD' naming a real day from 1900 on. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '1900-01-01') return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** A change on its way, with the dates that matter to the account's owner. */
export type PendingChange =
  | {
      kind: 'deactivating';
      reason: string | null;
      lastDay: string | null;
      suspendOn: string | null;
      deleteOn: string | null;
    }
  | { kind: 'suspended'; reason: string | null; since: string; deleteOn: string | null }
  | { kind: 'continuation'; deadline: string }
  | { kind: 'waiting'; reason: string | null; since: string; decideOn: string };

export interface AccountStatusView {
  /** Not shown: names the account for the appeal form (whose proof repeats the look-up anyway). */
  id: number;
  address: string;
  status: 'active' | 'deactivating' | 'suspended';
  jenjang: string;
  role: string;
  npsn: string;
  schoolName: string;
  changes: PendingChange[];
  /** The latest appeal of the account, and whether a new one may be filed (issue 10). */
  appeal: PublicAppeal | null;
  canAppeal: boolean;
}

export type CekAkunResult = { found: false } | { found: true; accounts: AccountStatusView[] };

/**
 * Persons of that kind, born that day, tied to that school, whose name matches the typed one; then
 * their accounts that still exist. Deleted accounts are left out: they can no longer be used or
 * restored, and their addresses are never issued again.
 */
export async function lookUpAccounts(
  store: Store,
  policy: Policy,
  input: CekAkunInput,
): Promise<CekAkunResult> {
  const repo = createCekAkunRepository(store.db);
  const candidates = await repo.candidates({
    kind: input.kind,
    npsn: input.npsn,
    tanggalLahir: input.tanggalLahir,
  });
  const matched = candidates.filter((p) => sameName(input.nama, p.nama, policy.titles));
  if (matched.length === 0) return { found: false };
  const rows = await repo.accountsOf(matched.map((p) => p.person_id));
  const appeals = await publicAppealStates(
    store,
    rows.map((r) => ({ id: Number(r.id), status: r.status, statusSince: r.status_since })),
  );
  const none = { appeal: null, canAppeal: false };
  return {
    found: true,
    accounts: rows.map((row) => ({ ...statusView(row, policy), ...(appeals.get(Number(row.id)) ?? none) })),
  };
}

function statusView(row: CekAkunAccountRow, policy: Policy): Omit<AccountStatusView, 'appeal' | 'canAppeal'> {
  const status = row.status === 'deactivating' || row.status === 'suspended' ? row.status : 'active';
  return {
    id: Number(row.id),
    address: row.primary_address,
    status,
    jenjang: row.jenjang,
    role: row.role,
    npsn: row.npsn,
    schoolName: row.school_name ?? row.npsn,
    changes: pendingChanges(row, status, policy),
  };
}

function pendingChanges(
  row: CekAkunAccountRow,
  status: AccountStatusView['status'],
  policy: Policy,
): PendingChange[] {
  if (status === 'deactivating') {
    return [
      {
        kind: 'deactivating',
        reason: row.deactivate_reason,
        lastDay: row.suspend_on ? addDays(row.suspend_on, -1) : null,
        suspendOn: row.suspend_on,
        deleteOn: row.delete_on,
      },
    ];
  }
  if (status === 'suspended') {
    return [
      { kind: 'suspended', reason: row.deactivate_reason, since: row.status_since, deleteOn: row.delete_on },
    ];
  }
  const changes: PendingChange[] = [];
  if (row.continuation_deadline) changes.push({ kind: 'continuation', deadline: row.continuation_deadline });
  if (row.waiting_since) {
    changes.push({
      kind: 'waiting',
      reason: row.waiting_reason,
      since: row.waiting_since,
      decideOn: addDays(row.waiting_since, policy.waitingExitDays),
    });
  }
  return changes;
}
