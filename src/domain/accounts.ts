// Accounts and events as the domain sees them: plain data, no I/O.
import type { AccountRole, Jenjang } from './policy.js';
import type { PersonKind, PersonRow } from './records.js';

export const ACCOUNT_STATUSES = ['active', 'deactivating', 'suspended', 'deleted'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface Account {
  id: number;
  personId: string;
  personKind: PersonKind;
  jenjang: Jenjang;
  role: AccountRole;
  npsn: string;
  status: AccountStatus;
  primaryAddress: string;
  nama: string;
  statusSince: string;
  deactivateReason: string | null;
  suspendOn: string | null;
  deleteOn: string | null;
  continuationDeadline: string | null;
  waitingSince: string | null;
  waitingReason: string | null;
  /** The reminder before suspension was sent on this day. */
  remindedOn: string | null;
}

export interface Profile {
  nama: string;
  nik: string;
  nisn: string;
  tanggalLahir: string;
  email: string;
}

/** What the store knew about a person before this run. */
export interface PersonState {
  kind: PersonKind;
  personId: string;
  profile: Profile;
  rows: PersonRow[];
  /** Accounts not yet deleted (at most one per jenjang). */
  accounts: Account[];
}

/** Events a sync decides (DESIGN 2's table), then the time-driven ones `tick` records. */
export const SYNC_EVENT_TYPES = [
  'ptk_deactivated',
  'ptk_role_changed',
  'ptk_transferred',
  'pd_level_changed',
  'pd_deactivated',
  'pd_transferred',
  'pd_continuation_pending',
  'account_created',
  'account_reactivated',
  'profile_updated',
] as const;
export const TICK_EVENT_TYPES = ['deactivation_reminder', 'account_suspended', 'account_deleted'] as const;
export const EVENT_TYPES = [...SYNC_EVENT_TYPES, ...TICK_EVENT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface AccountRef {
  address: string;
  jenjang: Jenjang;
  role: AccountRole;
  npsn: string;
}

export interface Evidence {
  /** Row ids and the fields that decided, e.g. {row: 'r1', jenis_keluar: 'Pensiun'}. */
  rows: Array<Record<string, string | number | boolean>>;
  /** Free-form facts: the previous value of a changed field, the window that ended, a re-key. */
  facts: Record<string, string | number | boolean | null>;
}
