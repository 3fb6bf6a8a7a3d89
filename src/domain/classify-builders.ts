// Builders for the domain tests: rows, accounts, a previous state, and a context with a fixed
// taken_at and a small school table. Every classification goes through `classify`, which freezes
// its input (the core is pure) and checks the invariants every plan must keep.
import assert from 'node:assert/strict';
import type { Account, PersonState, Profile } from './accounts.js';
import {
  type AccountChange,
  type ClassifyContext,
  classifyPerson,
  type PersonInput,
  type PersonPlan,
  type PlannedEvent,
} from './classify.js';
import type { SchoolFacts } from './desired.js';
import { DEFAULT_POLICY, jenjangOf } from './policy.js';
import type { PdRow, PersonRow, PtkRow } from './records.js';

export const TAKEN_AT = '2024-07-15';
/** TAKEN_AT + notice_days (30) and + retention_days (60) after that. */
export const SUSPEND_ON = '2024-08-14';
export const DELETE_ON = '2024-10-13';

export const NPSN = {
  sdA: '10000001',
  sdB: '10000002',
  smpA: '20000001',
  smpB: '20000002',
  sma: '30000001',
  smk: '40000001',
  tk: '50000001',
  /** A madrasah: its bentuk_pendidikan (MI) is not in the jenjang table. */
  mi: '60000001',
} as const;

const SCHOOLS: readonly [string, string][] = [
  [NPSN.sdA, 'SD'],
  [NPSN.sdB, 'SD'],
  [NPSN.smpA, 'SMP'],
  [NPSN.smpB, 'SMP'],
  [NPSN.sma, 'SMA'],
  [NPSN.smk, 'SMK'],
  [NPSN.tk, 'TK'],
  [NPSN.mi, 'MI'],
];

const SCHOOL_TABLE: ReadonlyMap<string, SchoolFacts> = new Map(
  SCHOOLS.map(([npsn, bentuk]) => [
    npsn,
    { npsn, jenjang: jenjangOf(bentuk, DEFAULT_POLICY), kodeWilayah: '010101' },
  ]),
);

export function ptkRow(fields: Partial<PtkRow> = {}): PtkRow {
  return {
    kind: 'ptk',
    rowId: 'ptr-1',
    personId: 'ptk-1',
    nama: 'Siti Rahayu, S.Pd.',
    nik: '3201014101800001',
    nuptk: '',
    nip: '',
    jenisKelamin: 'P',
    tanggalLahir: '1980-01-01',
    email: 'siti.rahayu@example.id',
    jenisPtk: 'Guru Kelas',
    npsn: NPSN.sdA,
    ptkInduk: true,
    jenisKeluar: '',
    tanggalKeluar: '',
    ...fields,
  };
}

export function pdRow(fields: Partial<PdRow> = {}): PdRow {
  return {
    kind: 'pd',
    rowId: 'reg-1',
    personId: 'pd-1',
    nisn: '0012345678',
    nik: '3201010505120001',
    nama: 'Budi Santoso',
    jenisKelamin: 'L',
    tanggalLahir: '2012-05-05',
    email: '',
    npsn: NPSN.sdA,
    tingkat: 5,
    jenisKeluar: '',
    tanggalKeluar: '',
    ...fields,
  };
}

/** The same row, ended with this jenis_keluar. */
export function ended<R extends PersonRow>(row: R, jenisKeluar: string, tanggalKeluar = '2024-06-30'): R {
  return { ...row, jenisKeluar, tanggalKeluar };
}

/** An active guru account of ptk-1 at SD A unless told otherwise. */
export function account(fields: Partial<Account> = {}): Account {
  return {
    id: 1,
    personId: 'ptk-1',
    personKind: 'ptk',
    jenjang: 'sd',
    role: 'guru',
    npsn: NPSN.sdA,
    status: 'active',
    primaryAddress: 'siti.rahayu10@guru.sd.belajar.id',
    nama: 'Siti Rahayu, S.Pd.',
    statusSince: '2023-01-10',
    deactivateReason: null,
    suspendOn: null,
    deleteOn: null,
    continuationDeadline: null,
    waitingSince: null,
    waitingReason: null,
    remindedOn: null,
    ...fields,
  };
}

/** An active siswa account of pd-1 at SD A unless told otherwise. */
export function pupilAccount(fields: Partial<Account> = {}): Account {
  return account({
    id: 11,
    personId: 'pd-1',
    personKind: 'pd',
    role: 'siswa',
    primaryAddress: 'budi.santoso10@sd.belajar.id',
    nama: 'Budi Santoso',
    ...fields,
  });
}

/** A deactivating account as a sync would have left it on 2024-06-01. */
export function deactivatingFields(reason = 'absent'): Partial<Account> {
  return {
    status: 'deactivating',
    statusSince: '2024-06-01',
    deactivateReason: reason,
    suspendOn: '2024-07-01',
    deleteOn: '2024-08-30',
  };
}

export function profileOf(row: PersonRow): Profile {
  return {
    nama: row.nama,
    nik: row.nik,
    nisn: row.kind === 'pd' ? row.nisn : '',
    tanggalLahir: row.tanggalLahir,
    email: row.email,
  };
}

/**
 * What the store knew before the run. The profile defaults to that of the first row, or of the
 * default row of the person's kind when no row is left (the store keeps the last profile).
 */
export function known(rows: PersonRow[], accounts: Account[], profile?: Profile): PersonState {
  const first = rows[0];
  const owner = accounts[0];
  const kind = first?.kind ?? owner?.personKind ?? 'ptk';
  const personId = first?.personId ?? owner?.personId ?? 'ptk-1';
  const last = first ?? (kind === 'pd' ? pdRow() : ptkRow());
  return { kind, personId, profile: profile ?? profileOf(last), rows, accounts };
}

export interface ContextOptions {
  takenAt?: string;
  /** Default true. */
  national?: boolean;
  /** Schools this run does not speak for. */
  outOfScope?: string[];
  /** In-scope schools gone from sekolah.csv with no row naming them. */
  closed?: string[];
}

export function context(options: ContextOptions = {}): ClassifyContext {
  const outOfScope = new Set(options.outOfScope ?? []);
  const closed = new Set(options.closed ?? []);
  return {
    policy: DEFAULT_POLICY,
    takenAt: options.takenAt ?? TAKEN_AT,
    national: options.national ?? true,
    inScope: (npsn) => !outOfScope.has(npsn),
    schoolOf: (npsn) => SCHOOL_TABLE.get(npsn),
    isClosed: (npsn) => closed.has(npsn) && !outOfScope.has(npsn),
  };
}

export interface ClassifyInput {
  prev?: PersonState | null;
  newRows?: PersonRow[];
  hasRejects?: boolean;
  rekeyedFrom?: string | null;
  personId?: string;
}

/** classifyPerson on a frozen input, with the plan invariants checked. */
export function classify(input: ClassifyInput, ctx: ClassifyContext = context()): PersonPlan {
  const newRows = input.newRows ?? [];
  const prev = input.prev ?? null;
  const kind = newRows[0]?.kind ?? prev?.kind ?? 'ptk';
  const personId = input.personId ?? newRows[0]?.personId ?? prev?.personId ?? 'ptk-1';
  const full: PersonInput = {
    kind,
    personId,
    prev,
    newRows,
    hasRejects: input.hasRejects ?? false,
    rekeyedFrom: input.rekeyedFrom ?? null,
  };
  const plan = classifyPerson(deepFreeze(full), ctx);
  assertPlanInvariants(plan, prev);
  return plan;
}

/**
 * At most one event per account per run (DESIGN 2, "Lifecycle events"), one change per existing
 * account, and at most one account per jenjang after the run.
 */
export function assertPlanInvariants(plan: PersonPlan, prev: PersonState | null): void {
  const touched = new Set<number>();
  for (const event of plan.events) {
    const indexes = new Set([event.subject, ...(event.toChange === null ? [] : [event.toChange])]);
    for (const index of indexes) {
      assert.ok(
        index >= 0 && index < plan.changes.length,
        `${event.type} names change ${index}, which is missing`,
      );
      assert.ok(!touched.has(index), `a second event (${event.type}) about the account of change ${index}`);
      touched.add(index);
    }
  }
  const previousIds = plan.changes.flatMap((c) => (c.previous ? [c.previous.id] : []));
  assert.equal(new Set(previousIds).size, previousIds.length, 'two changes to one existing account');
  const after = [
    ...(prev?.accounts ?? []).map((a) => plan.changes.find((c) => c.previous?.id === a.id)?.account ?? a),
    ...plan.changes.filter((c) => c.previous === null).map((c) => c.account),
  ];
  const jenjang = after.filter((a) => a.status !== 'deleted').map((a) => a.jenjang);
  assert.equal(
    new Set(jenjang).size,
    jenjang.length,
    `more than one account in a jenjang: ${jenjang.join(', ')}`,
  );
}

/** The plan's only event. */
export function onlyEvent(plan: PersonPlan): PlannedEvent {
  assert.equal(plan.events.length, 1, `expected one event, got ${plan.events.map((e) => e.type).join(', ')}`);
  return plan.events[0]!;
}

export function subjectOf(plan: PersonPlan, event: PlannedEvent): AccountChange {
  return plan.changes[event.subject]!;
}

export function targetOf(plan: PersonPlan, event: PlannedEvent): AccountChange {
  assert.notEqual(event.toChange, null, `${event.type} has no toChange`);
  return plan.changes[event.toChange!]!;
}

/** The fields of an event the rules decide, for one deepEqual. */
export function eventSummary(event: PlannedEvent) {
  return {
    type: event.type,
    reason: event.reason,
    sameJenjang: event.sameJenjang,
    from: event.from,
    to: event.to,
    leaver: event.leaver,
    seasonal: event.seasonal,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
