// The store's tables as Kysely sees them. Big tables carry `phash` (a 31-bit hash of the person id)
// so the sync reads and writes them one partition at a time, and are keyed by person or account id
// so the database can be distributed without a schema change (DESIGN 5).
//
// Dates are 'YYYY-MM-DD' text, timestamps ISO-8601 text: the same on both dialects, and they sort.
// Booleans are integers 0/1 for the same reason. JSON columns are text.
import type { Generated } from 'kysely';

export interface SchoolsTable {
  npsn: string; // primary key
  sekolah_id: string;
  nama: string;
  bentuk_pendidikan: string;
  status_sekolah: string;
  kode_wilayah: string;
  /** 1 while the school is in sekolah.csv; 0 once it is gone (closed). */
  present: number;
  last_taken_at: string; // taken_at of the last run that applied this school
  last_run_id: number;
}

export interface PersonsTable {
  person_id: string; // primary key: ptk_id or peserta_didik_id
  kind: string; // 'ptk' | 'pd'
  phash: number;
  nama: string;
  nik: string;
  nisn: string;
  tanggal_lahir: string;
  email: string;
  /** The person id this person was known under before a re-key, if any. */
  previous_id: string | null;
  /** Hash of the rows as last applied (see sync/row-hash.ts); '' when unknown. */
  rows_hash: string;
  /** The schools those rows name, comma-separated. */
  npsns: string;
  /**
   * The person's rows (assignments or registrations) as last applied: a JSON array of whole rows
   * (PtkRow or PdRow) in row-id order, which the diff compares field by field.
   */
  rows_json: string;
  updated_run_id: number;
}

export interface AccountsTable {
  id: number; // assigned by the sync in person-id order: deterministic, and bulk-insertable
  person_id: string;
  person_kind: string;
  phash: number;
  jenjang: string;
  role: string; // 'guru' | 'admin' | 'siswa'
  npsn: string;
  status: string; // 'active' | 'deactivating' | 'suspended' | 'deleted'
  primary_address: string;
  nama: string;
  created_run_id: number;
  updated_run_id: number;
  status_since: string; // date the current status began
  deactivate_reason: string | null;
  suspend_on: string | null;
  delete_on: string | null;
  /** Continuation window (SD/SMP graduates) ends on this date; null when not pending. */
  continuation_deadline: string | null;
  /** A waiting exit (scoped extract: mutasi or absent) started on this date. */
  waiting_since: string | null;
  waiting_reason: string | null;
  /** The day `tick` sent the reminder before suspension (once per deactivation). */
  reminded_on: string | null;
}

/** Every address ever issued. Never deleted, never reissued. */
export interface AddressesTable {
  address: string; // primary key
  domain: string;
  local_base: string;
  number: number;
  account_id: number;
  kind: string; // 'primary' | 'alias'
  issued_run_id: number;
}

export interface RunsTable {
  id: number; // primary key
  kind: string; // 'sync' | 'tick'
  status: string; // 'applying' | 'applied' | 'unchanged' | 'planned' | 'held' | 'partly_held' | 'refused'
  snapshot_id: string | null;
  taken_at: string | null;
  content_hash: string | null;
  scope_json: string | null;
  started_at: string;
  finished_at: string | null;
  /** The report printed by `sync --json` and kept for `runs show`. */
  report_json: string | null;
  /** Refusal or failure message. */
  message: string | null;
}

export interface RunBatchesTable {
  run_id: number;
  batch_no: number;
  persons: number;
  events: number;
  committed_at: string;
}

export interface EventsTable {
  id: number; // assigned by the sync: run-major, deterministic
  run_id: number;
  seq: number; // order within the run
  type: string;
  state: string; // 'applied' | 'held' | 'rejected' | 'superseded'
  account_id: number | null;
  person_kind: string;
  person_id: string;
  phash: number;
  reason: string | null;
  same_jenjang: number | null;
  from_json: string | null;
  to_json: string | null;
  effective_date: string;
  /** The schools on either side of the event, copied out of from_json/to_json so scopes can filter. */
  from_npsn: string | null;
  to_npsn: string | null;
  snapshot_id: string | null;
  /** The rule that fired and the rows and fields that made it fire. */
  rule: string;
  evidence_json: string;
}

/** Rejected rows of a run, kept with the run (also written as rejects/<run_id>.csv). */
export interface RejectsTable {
  run_id: number;
  file: string;
  line: number;
  reason: string;
  row_id: string | null;
  person_id: string | null;
}

/** Messages and provisioning work committed with the account change; drained by workers. */
export interface OutboxTable {
  id: Generated<number>;
  run_id: number;
  event_id: number | null;
  account_id: number | null;
  channel: string; // 'mail' | 'provision'
  message_id: string | null;
  payload_json: string;
  status: string; // 'pending' | 'sending' | 'sent' | 'failed'
  attempts: number;
  next_attempt_at: string;
  created_at: string;
  sent_at: string | null;
  last_error: string | null;
}

/** A scope a run held, with the plan that waits for approval (DESIGN 2, "Safety"). */
export interface HoldsTable {
  id: number;
  run_id: number;
  scope: string; // 'run' | 'provinsi:NN' | 'sekolah:NPSN'
  reason: string;
  count: number;
  status: string; // 'pending' | 'approved' | 'rejected' | 'superseded'
  /** sha256 of the held plans in order: approving applies exactly what was held. */
  plan_hash: string;
  /** Counts by event and reason and a sample of people, for `runs show`. */
  summary_json: string;
  /** The held schools' rows of sekolah.csv, applied with the plan. */
  schools_json: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  superseded_by_run: number | null;
}

export interface HeldPlansTable {
  hold_id: number;
  seq: number;
  person_id: string;
  plan_json: string;
}

/** Append-only: the database refuses UPDATE and DELETE (migration 002). */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string; // 'apply' | 'approve' | 'reject' | 'supersede' | 'download_credentials' | 'user_add' | 'token_add' | 'login'
  run_id: number | null;
  scope: string | null;
  details_json: string;
}

/** Console and API users (issue 5). `role` is nasional, dinas or sekolah; `scope` its prefix or NPSN. */
export interface OperatorsTable {
  login: string; // primary key
  password_hash: string; // scrypt, self-describing (security/password-hash.ts)
  role: string;
  scope: string;
  created_at: string;
  disabled: number;
}

/** API tokens: `slr_<id>_<secret>`; only a hash of the secret is kept. */
export interface ApiTokensTable {
  id: string; // primary key
  secret_hash: string;
  role: string;
  scope: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Server-side sessions; the cookie carries the id, the table only its hash. */
export interface WebSessionsTable {
  id_hash: string; // primary key
  login: string;
  created_at: string;
  expires_at: string;
}

/** Each account's initial password, sealed with AES-256-GCM (security/secret-box.ts). */
export interface AccountCredentialsTable {
  account_id: number; // primary key
  sealed: string;
  created_at: string;
  downloaded_at: string | null;
  downloaded_by: string | null;
}

/** "My data is wrong" (issue 10): one per account open at a time, with the school's decision. */
export interface AppealsTable {
  id: Generated<number>;
  account_id: number;
  person_id: string;
  /** The account's school when filed: who may see and decide it. */
  npsn: string;
  status: string; // 'open' | 'correcting' | 'closed'
  outcome: string | null; // 'data_correct' | 'reactivated' | 'not_corrected' | 'expired'
  /** What the person wrote (plain text, shown escaped). */
  message: string;
  /** Where the person wants the outcome too; never shown to operators. */
  contact_email: string | null;
  filed_at: string;
  filed_on: string;
  /** The schedule is paused until this day at the latest (filed_on + appealHoldDays). */
  hold_until: string;
  /** The account's status and its start when filed: one appeal per status period. */
  account_status: string;
  account_status_since: string;
  suspend_on_before: string | null;
  delete_on_before: string | null;
  decided_at: string | null;
  decided_by: string | null;
  decision: string | null; // 'data_correct' | 'correcting'
  decision_note: string | null;
  /** A correcting appeal waits for a sync run after this one. */
  waits_after_run: number | null;
  closed_at: string | null;
  closed_by: string | null;
  closed_run_id: number | null;
  /** The operator's note when an appeal being corrected was then found correct after all. */
  closing_note: string | null;
  /** The fresh schedule the account got when the appeal closed without it coming back. */
  suspend_on_after: string | null;
  delete_on_after: string | null;
}

/** Each account's standing at the provisioning target (issue 8): written by the provisioning worker. */
export interface ProvisionStatusTable {
  account_id: number; // primary key
  target: string; // the connector: 'scim', later 'google'
  state: string; // 'synced' | 'retrying' | 'failed'
  /** The account's id at the target, once known. */
  remote_id: string | null;
  /** The primary address and the account status of the last row handled. */
  user_name: string;
  account_status: string;
  outbox_id: number;
  attempts: number;
  last_error: string | null;
  /** When a retrying row is tried again. */
  next_attempt_at: string | null;
  updated_at: string;
  /** The last time a row of this account reached the target. */
  synced_at: string | null;
}

/** One row (id 1): the mark of the scan state files the store vouches for (migration 007). */
export interface ScreenStateTable {
  id: number;
  mark: string | null;
  updated_at: string | null;
}

/** A secondary index a first load dropped, with the statement that builds it again. */
export interface DeferredIndexesTable {
  name: string;
  table_name: string;
  definition: string;
  deferred_at: string;
}

export interface Database {
  schools: SchoolsTable;
  persons: PersonsTable;
  accounts: AccountsTable;
  addresses: AddressesTable;
  runs: RunsTable;
  run_batches: RunBatchesTable;
  events: EventsTable;
  rejects: RejectsTable;
  outbox: OutboxTable;
  holds: HoldsTable;
  held_plans: HeldPlansTable;
  audit_log: AuditLogTable;
  operators: OperatorsTable;
  api_tokens: ApiTokensTable;
  web_sessions: WebSessionsTable;
  account_credentials: AccountCredentialsTable;
  appeals: AppealsTable;
  provision_status: ProvisionStatusTable;
  screen_state: ScreenStateTable;
  deferred_indexes: DeferredIndexesTable;
}
