// Complete rows for every table, every column set, so a test that writes them proves the column
// exists on the engine with a type that takes the value. Override what a test cares about.
import type { Insertable } from 'kysely';
import type { Database } from '../../src/store/schema.js';

type Row<T extends keyof Database> = Insertable<Database[T]>;

export function schoolRow(n: number, over: Partial<Row<'schools'>> = {}): Row<'schools'> {
  const npsn = String(20_000_000 + n);
  return {
    npsn,
    sekolah_id: `sek-${n}`,
    nama: `SD Negeri ${n}`,
    bentuk_pendidikan: 'SD',
    status_sekolah: 'Negeri',
    kode_wilayah: '016001',
    present: 1,
    last_taken_at: '2025-01-31',
    last_run_id: 1,
    ...over,
  };
}

export function personRow(n: number, over: Partial<Row<'persons'>> = {}): Row<'persons'> {
  return {
    person_id: `pd-${String(n).padStart(8, '0')}`,
    kind: 'pd',
    phash: n % 2_147_483_647,
    nama: `Siti Rahayu ${n}`,
    nik: String(3_201_000_000_000_000 + n),
    nisn: String(1_000_000_000 + n),
    tanggal_lahir: '2012-05-17',
    email: `siti${n}@example.id`,
    previous_id: null,
    rows_hash: '',
    npsns: '',
    rows_json: JSON.stringify([{ kind: 'pd', rowId: `reg-${n}`, npsn: '20000001', tingkat: 4 }]),
    updated_run_id: 1,
    ...over,
  };
}

export function accountRow(id: number, over: Partial<Row<'accounts'>> = {}): Row<'accounts'> {
  return {
    id,
    person_id: `pd-${String(id).padStart(8, '0')}`,
    person_kind: 'pd',
    phash: id % 2_147_483_647,
    jenjang: 'sd',
    role: 'siswa',
    npsn: '20000001',
    status: 'active',
    primary_address: `siti.rahayu${id}@sd.belajar.id`,
    nama: 'Siti Rahayu',
    created_run_id: 1,
    updated_run_id: 1,
    status_since: '2025-01-31',
    deactivate_reason: null,
    suspend_on: null,
    delete_on: null,
    continuation_deadline: null,
    waiting_since: null,
    waiting_reason: null,
    reminded_on: null,
    ...over,
  };
}

export function addressRow(accountId: number, over: Partial<Row<'addresses'>> = {}): Row<'addresses'> {
  return {
    address: `siti.rahayu${accountId}@sd.belajar.id`,
    domain: 'sd.belajar.id',
    local_base: 'siti.rahayu',
    number: 10,
    account_id: accountId,
    kind: 'primary',
    issued_run_id: 1,
    ...over,
  };
}

export function runRow(id: number, over: Partial<Row<'runs'>> = {}): Row<'runs'> {
  return {
    id,
    kind: 'sync',
    status: 'applied',
    snapshot_id: `snap-${id}`,
    taken_at: '2025-01-31',
    content_hash: 'c0ffee',
    scope_json: JSON.stringify({ kind: 'national' }),
    started_at: '2025-02-01T00:00:00.000Z',
    finished_at: '2025-02-01T00:10:00.000Z',
    report_json: '{}',
    message: null,
    ...over,
  };
}

export function runBatchRow(runId: number, batchNo: number): Row<'run_batches'> {
  return {
    run_id: runId,
    batch_no: batchNo,
    persons: 1000,
    events: 12,
    committed_at: '2025-02-01T00:05:00Z',
  };
}

export function eventRow(id: number, over: Partial<Row<'events'>> = {}): Row<'events'> {
  return {
    id,
    run_id: 1,
    seq: id,
    type: 'account_created',
    state: 'applied',
    account_id: id,
    person_kind: 'pd',
    person_id: `pd-${String(id).padStart(8, '0')}`,
    phash: id % 2_147_483_647,
    reason: null,
    same_jenjang: null,
    from_json: null,
    to_json: JSON.stringify({ address: `siti.rahayu${id}@sd.belajar.id`, npsn: '20100001' }),
    effective_date: '2025-01-31',
    from_npsn: null,
    to_npsn: '20100001',
    snapshot_id: 'snap-1',
    rule: 'new_person',
    evidence_json: '{}',
    ...over,
  };
}

export function rejectRow(runId: number, line: number): Row<'rejects'> {
  return {
    run_id: runId,
    file: 'peserta_didik.csv',
    line,
    reason: 'bad_nisn',
    row_id: `reg-${line}`,
    person_id: null,
  };
}

export function outboxRow(over: Partial<Row<'outbox'>> = {}): Row<'outbox'> {
  return {
    run_id: 1,
    event_id: 1,
    account_id: 1,
    channel: 'mail',
    message_id: '<1@selaras>',
    payload_json: '{}',
    status: 'pending',
    attempts: 0,
    next_attempt_at: '2025-02-01T00:00:00.000Z',
    created_at: '2025-02-01T00:00:00.000Z',
    sent_at: null,
    last_error: null,
    ...over,
  };
}

export function holdRow(id: number, over: Partial<Row<'holds'>> = {}): Row<'holds'> {
  return {
    id,
    run_id: 1,
    scope: 'sekolah:20100001',
    reason: 'threshold',
    count: 3,
    status: 'pending',
    plan_hash: 'ab'.repeat(32),
    summary_json: '{}',
    schools_json: '[]',
    decided_by: null,
    decided_at: null,
    decision_reason: null,
    superseded_by_run: null,
    ...over,
  };
}

export function heldPlanRow(holdId: number, seq: number): Row<'held_plans'> {
  return { hold_id: holdId, seq, person_id: `pd-${seq}`, plan_json: '{}' };
}

export function auditRow(over: Partial<Row<'audit_log'>> = {}): Row<'audit_log'> {
  return {
    at: '2025-02-01T00:00:00.000Z',
    actor: 'operator',
    action: 'approve',
    run_id: 1,
    scope: 'run',
    details_json: '{}',
    ...over,
  };
}

export function operatorRow(n: number): Row<'operators'> {
  return {
    login: `operator${n}`,
    password_hash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
    role: 'sekolah',
    scope: '20100001',
    created_at: '2025-01-31T00:00:00.000Z',
    disabled: 0,
  };
}

export function apiTokenRow(n: number): Row<'api_tokens'> {
  return {
    id: `tok${n}`,
    secret_hash: 'ab'.repeat(32),
    role: 'dinas',
    scope: '32',
    label: 'reporting',
    created_at: '2025-01-31T00:00:00.000Z',
    last_used_at: null,
    revoked_at: null,
  };
}

export function webSessionRow(n: number): Row<'web_sessions'> {
  return {
    id_hash: `${n}`.padStart(64, '0'),
    login: `operator${n}`,
    created_at: '2025-01-31T00:00:00.000Z',
    expires_at: '2025-01-31T12:00:00.000Z',
  };
}

export function accountCredentialRow(accountId: number): Row<'account_credentials'> {
  return {
    account_id: accountId,
    sealed: 'v1.aXY.dGFn.Y2lwaGVy',
    created_at: '2025-01-31T00:00:00.000Z',
    downloaded_at: null,
    downloaded_by: null,
  };
}

export function appealRow(accountId: number, over: Partial<Row<'appeals'>> = {}): Row<'appeals'> {
  return {
    account_id: accountId,
    person_id: personRow(accountId).person_id,
    npsn: schoolRow(1).npsn,
    status: 'open',
    outcome: null,
    message: 'Saya masih bersekolah di sini.\nMohon diperiksa.',
    contact_email: 'ortu@example.id',
    filed_at: '2025-02-20T08:00:00.000Z',
    filed_on: '2025-02-20',
    hold_until: '2025-03-22',
    account_status: 'deactivating',
    account_status_since: '2025-02-15',
    suspend_on_before: '2025-03-17',
    delete_on_before: '2025-05-16',
    decided_at: null,
    decided_by: null,
    decision: null,
    decision_note: null,
    waits_after_run: null,
    closed_at: null,
    closed_by: null,
    closed_run_id: null,
    closing_note: null,
    suspend_on_after: null,
    delete_on_after: null,
    ...over,
  };
}

export function provisionStatusRow(
  accountId: number,
  over: Partial<Row<'provision_status'>> = {},
): Row<'provision_status'> {
  return {
    account_id: accountId,
    target: 'scim',
    state: 'synced',
    remote_id: `remote-${accountId}`,
    user_name: accountRow(accountId).primary_address,
    account_status: 'active',
    outbox_id: 1,
    attempts: 1,
    last_error: null,
    next_attempt_at: null,
    updated_at: '2025-02-01T02:00:00.000Z',
    synced_at: '2025-02-01T02:00:00.000Z',
    ...over,
  };
}
