// The classification of one person: their rows before and now, their accounts before, and the
// rules of DESIGN 2 → the accounts after and at most one event per account. Pure: the sync calls it
// once per person, in any order and on any thread, and gets the same answer.
import type { Account, AccountRef, EventType, Evidence, PersonState, Profile } from './accounts.js';
import { domainFor, localBase } from './address.js';
import { addDays } from './dates.js';
import type { DesiredAccount, DesiredState, SchoolFacts } from './desired.js';
import { desiredAccounts } from './desired.js';
import { JENJANG, type Jenjang, type Policy } from './policy.js';
import { type LossReason, lossReason, snakeCase } from './reasons.js';
import type { PersonKind, PersonRow } from './records.js';

export interface ClassifyContext {
  policy: Policy;
  takenAt: string;
  /** A national extract speaks for every school: exits need not wait for confirmation. */
  national: boolean;
  /** Whether this run speaks for the school (in the manifest's scope and not failed at the source). */
  inScope(npsn: string): boolean;
  /** Facts from this extract's sekolah.csv, else as last seen. */
  schoolOf(npsn: string): SchoolFacts | undefined;
  /** In scope, gone from sekolah.csv, and no row (valid or rejected) names it. */
  isClosed(npsn: string): boolean;
}

export interface PersonInput {
  kind: PersonKind;
  personId: string;
  prev: PersonState | null;
  /** This person's valid rows in the extract. */
  newRows: readonly PersonRow[];
  /** Some row of this person was rejected: nothing of theirs may look absent this run. */
  hasRejects: boolean;
  /** The person id `prev` was known under, when this person was re-keyed. */
  rekeyedFrom: string | null;
}

export type AddressNeed =
  | { kind: 'new'; domain: string; base: string }
  | { kind: 'role_change'; domain: string; current: string };

export interface AccountChange {
  /** The account after the run. A new account has id 0 and no address until the sync assigns them. */
  account: Account;
  previous: Account | null;
  addressNeed: AddressNeed | null;
}

export interface PlannedEvent {
  type: EventType;
  reason: string | null;
  sameJenjang: boolean | null;
  from: AccountRef | null;
  to: AccountRef | null;
  /** The change whose account the event is about (the old account of a move). */
  subject: number;
  /** The change that gives `to` its address once allocated, when it is a new address. */
  toChange: number | null;
  rule: string;
  evidence: Evidence;
  /** Enters `deactivating` because the person leaves (not the old account of a move): guards count it. */
  leaver: boolean;
  /** A seasonal leaver (Lulus at a final tingkat): counted against the seasonal limits. */
  seasonal: boolean;
  /** Schools at either end: a held school holds the event. */
  schools: string[];
}

export interface PersonPlan {
  kind: PersonKind;
  personId: string;
  rekeyedFrom: string | null;
  /** The rows and profile to keep as last seen; `rowsChanged` false means the stored ones stay. */
  rows: PersonRow[];
  profile: Profile;
  rowsChanged: boolean;
  /** The store knew this person (under this id or, re-keyed, another): stored rows exist. */
  known: boolean;
  /** Every school the person's rows or accounts name, before or after: a held school holds the plan. */
  schools: string[];
  changes: AccountChange[];
  events: PlannedEvent[];
  unknownJenisPtk: number;
  unknownBentuk: number;
}

export function classifyPerson(input: PersonInput, ctx: ClassifyContext): PersonPlan {
  const rows = effectiveRows(input, ctx);
  const prevRows = input.prev?.rows ?? [];
  const rowsChanged = input.rekeyedFrom !== null || !sameRows(prevRows, rows);
  const desired = desiredAccounts(rows, ctx.schoolOf, ctx.policy);
  const profile = profileOf(desired, rows, input.prev);
  const plan: PersonPlan = {
    kind: input.kind,
    personId: input.personId,
    rekeyedFrom: input.rekeyedFrom,
    rows,
    profile,
    rowsChanged,
    known: input.prev !== null && input.rekeyedFrom === null,
    schools: touchedSchools(input.prev, rows),
    changes: [],
    events: [],
    unknownJenisPtk: desired.unknownJenisPtk,
    unknownBentuk: desired.unknownBentuk,
  };
  const accounts = input.prev?.accounts ?? [];
  if (!rowsChanged && accounts.every((a) => a.waitingSince === null)) return plan;
  new PersonClassifier(input, ctx, plan, desired, rows).run(accounts);
  if (input.rekeyedFrom !== null) adoptAccounts(plan, accounts);
  return plan;
}

/** A re-keyed person keeps their accounts: every one moves to the new person id. */
function adoptAccounts(plan: PersonPlan, accounts: readonly Account[]): void {
  for (const account of accounts) {
    if (!plan.changes.some((c) => c.previous === account)) {
      plan.changes.push({ account: { ...account }, previous: account, addressNeed: null });
    }
  }
  for (const change of plan.changes) change.account.personId = plan.personId;
}

function touchedSchools(prev: PersonState | null, rows: readonly PersonRow[]): string[] {
  const out = new Set<string>();
  for (const row of rows) out.add(row.npsn);
  for (const row of prev?.rows ?? []) out.add(row.npsn);
  for (const account of prev?.accounts ?? []) out.add(account.npsn);
  return [...out];
}

/** Rows this run speaks for, plus what it must carry forward unchanged (DESIGN 2, "Scope"). */
function effectiveRows(input: PersonInput, ctx: ClassifyContext): PersonRow[] {
  const fresh = input.newRows.filter((row) => ctx.inScope(row.npsn));
  const freshIds = new Set(fresh.map((row) => row.rowId));
  const carried = (input.prev?.rows ?? []).filter(
    (row) => !freshIds.has(row.rowId) && (!ctx.inScope(row.npsn) || input.hasRejects),
  );
  return [...fresh, ...carried].sort((a, b) => (a.rowId < b.rowId ? -1 : a.rowId > b.rowId ? 1 : 0));
}

function sameRows(a: readonly PersonRow[], b: readonly PersonRow[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 1) return sameRow(a[0]!, b[0]!);
  const sorted = [...a].sort((x, y) => (x.rowId < y.rowId ? -1 : x.rowId > y.rowId ? 1 : 0));
  return sorted.every((row, i) => sameRow(row, b[i]!));
}

function sameRow(a: PersonRow, b: PersonRow): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) if (x[key] !== y[key]) return false;
  return true;
}

function profileOf(desired: DesiredState, rows: readonly PersonRow[], prev: PersonState | null): Profile {
  const first = JENJANG.map((j) => desired.accounts.get(j)).find((d) => d !== undefined);
  const row = first?.row ?? rows.find((r) => r.jenisKeluar === '') ?? rows[0];
  if (!row) return prev?.profile ?? { nama: '', nik: '', nisn: '', tanggalLahir: '', email: '' };
  return {
    nama: row.nama,
    nik: row.nik,
    nisn: row.kind === 'pd' ? row.nisn : '',
    tanggalLahir: row.tanggalLahir,
    email: row.email,
  };
}

function rowEvidence(row: PersonRow): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {
    file: row.kind === 'ptk' ? 'ptk.csv' : 'peserta_didik.csv',
    row: row.rowId,
    npsn: row.npsn,
  };
  if (row.kind === 'ptk') {
    out.jenis_ptk = row.jenisPtk;
    out.ptk_induk = row.ptkInduk;
  } else out.tingkat = row.tingkat;
  if (row.jenisKeluar) {
    out.jenis_keluar = row.jenisKeluar;
    out.tanggal_keluar = row.tanggalKeluar;
  }
  return out;
}

export function accountRef(account: Account): AccountRef {
  return {
    address: account.primaryAddress,
    jenjang: account.jenjang,
    role: account.role,
    npsn: account.npsn,
  };
}

/** One person's decision, jenjang by jenjang. Holds the working state so each step stays small. */
class PersonClassifier {
  private readonly lost: { account: Account; loss: LossReason }[] = [];
  private readonly gained: DesiredAccount[] = [];

  constructor(
    private readonly input: PersonInput,
    private readonly ctx: ClassifyContext,
    private readonly plan: PersonPlan,
    private readonly desired: DesiredState,
    private readonly rows: readonly PersonRow[],
  ) {}

  run(accounts: readonly Account[]): void {
    const byJenjang = new Map(accounts.map((a) => [a.jenjang, a] as const));
    for (const jenjang of JENJANG) {
      const existing = byJenjang.get(jenjang);
      const wanted = this.desired.accounts.get(jenjang);
      if (existing && wanted) this.keep(existing, wanted);
      else if (wanted) this.gained.push(wanted);
      else if (existing) this.maybeLose(existing);
    }
    this.pairMoves();
    for (const { account, loss } of this.lost) this.leave(account, loss);
    for (const wanted of this.gained) this.create(wanted, 'account_created', null);
  }

  private keep(existing: Account, wanted: DesiredAccount): void {
    if (existing.status !== 'active') {
      this.reactivate(existing, wanted);
      return;
    }
    const roleChanged = existing.role !== wanted.role;
    const schoolChanged = existing.npsn !== wanted.npsn;
    const after = this.updated(existing, wanted);
    const profileChanged = this.profileChanged(existing, wanted.row);
    if (!roleChanged && !schoolChanged) {
      const marked = existing.continuationDeadline !== null || existing.waitingSince !== null;
      if (!profileChanged && !marked && after.nama === existing.nama) return;
      const index = this.change(after, existing, null);
      if (profileChanged) this.event('profile_updated', index, { from: existing, to: after, wanted });
      return;
    }
    const need = roleChanged ? this.roleChangeNeed(existing, wanted) : null;
    const index = this.change(after, existing, need);
    const kind = this.input.kind;
    const type: EventType =
      kind === 'pd' ? 'pd_transferred' : schoolChanged ? 'ptk_transferred' : 'ptk_role_changed';
    const ended = schoolChanged ? this.transferReason(existing) : null;
    this.event(type, index, {
      from: existing,
      to: after,
      toChange: need ? index : null,
      reason: ended?.reason ?? null,
      sameJenjang: type === 'ptk_transferred' ? true : null,
      endedRow: ended?.row,
      wanted,
    });
  }

  private reactivate(existing: Account, wanted: DesiredAccount): void {
    const after = this.updated(existing, wanted);
    after.status = 'active';
    after.statusSince = this.ctx.takenAt;
    const need = existing.role !== wanted.role ? this.roleChangeNeed(existing, wanted) : null;
    const index = this.change(after, existing, need);
    this.event('account_reactivated', index, {
      from: existing,
      to: after,
      toChange: need ? index : null,
      wanted,
    });
  }

  private maybeLose(existing: Account): void {
    if (existing.status !== 'active') return;
    if (this.desired.frozen.has(existing.jenjang) || this.desired.frozenSchools.has(existing.npsn)) return;
    const loss = lossReason({
      jenjang: existing.jenjang,
      newRows: this.input.newRows.filter((row) => this.ctx.inScope(row.npsn)),
      prevRows: this.input.prev?.rows ?? [],
      noAccountRole: this.desired.noAccountRole.has(existing.jenjang),
      schoolOf: this.ctx.schoolOf,
      isClosed: this.ctx.isClosed,
      policy: this.ctx.policy,
    });
    this.lost.push({ account: existing, loss });
  }

  /** Lost and gained jenjang pair into moves, in jenjang order (fine print 5). */
  private pairMoves(): void {
    while (this.lost.length > 0 && this.gained.length > 0) {
      const { account, loss } = this.lost.shift()!;
      const wanted = this.gained.shift()!;
      const type: EventType = this.input.kind === 'pd' ? 'pd_level_changed' : 'ptk_transferred';
      const old = this.deactivated(account, loss.reason);
      const oldIndex = this.change(old, account, null);
      this.create(wanted, type, { oldIndex, account, loss });
    }
  }

  private leave(account: Account, loss: LossReason): void {
    if (account.continuationDeadline !== null && (loss.reason === 'absent' || loss.reason === 'lulus')) {
      // Absence inside the continuation window is not absence; when the window ends, `tick` records
      // the exit as lulus — never an import (DESIGN 2, pd_continuation_pending).
      return;
    }
    if (loss.continuation && this.input.kind === 'pd') {
      this.openContinuation(account, loss);
      return;
    }
    // A waiting exit keeps its first reason unless this extract gives a better one (a jenis_keluar).
    const reason = loss.reason === 'absent' && account.waitingReason ? account.waitingReason : loss.reason;
    if (this.mustWait(account, reason)) return;
    const after = this.deactivated(account, reason);
    const index = this.change(after, account, null);
    const type: EventType = this.input.kind === 'pd' ? 'pd_deactivated' : 'ptk_deactivated';
    this.event(type, index, { from: account, to: null, reason, loss, leaver: true, seasonal: loss.seasonal });
  }

  /** Under a non-national scope, mutasi and absent exits wait for confirmation or 45 days. */
  private mustWait(account: Account, reason: string): boolean {
    if (this.ctx.national || (reason !== 'mutasi' && reason !== 'absent')) return false;
    if (account.waitingSince === null) {
      const after = { ...account, waitingSince: this.ctx.takenAt, waitingReason: reason };
      this.change(after, account, null);
      return true;
    }
    return addDays(account.waitingSince, this.ctx.policy.waitingExitDays) > this.ctx.takenAt;
  }

  private openContinuation(account: Account, loss: LossReason): void {
    if (account.continuationDeadline !== null) return;
    const start = loss.endedRow?.tanggalKeluar || this.ctx.takenAt;
    const deadline = addDays(start, this.ctx.policy.continuationDays);
    const after = { ...account, continuationDeadline: deadline };
    const index = this.change(after, account, null);
    this.event('pd_continuation_pending', index, {
      from: account,
      to: after,
      reason: loss.reason,
      loss,
      facts: { continuation_deadline: deadline },
    });
  }

  private create(
    wanted: DesiredAccount,
    type: EventType,
    move: { oldIndex: number; account: Account; loss: LossReason } | null,
  ): void {
    const account: Account = {
      id: 0,
      personId: this.input.personId,
      personKind: this.input.kind,
      jenjang: wanted.jenjang,
      role: wanted.role,
      npsn: wanted.npsn,
      status: 'active',
      primaryAddress: '',
      nama: wanted.row.nama,
      statusSince: this.ctx.takenAt,
      deactivateReason: null,
      suspendOn: null,
      deleteOn: null,
      continuationDeadline: null,
      waitingSince: null,
      waitingReason: null,
      remindedOn: null,
    };
    const need = {
      kind: 'new' as const,
      domain: domainFor(wanted.role, wanted.jenjang, this.ctx.policy),
      base: localBase(wanted.row.nama, this.ctx.policy),
    };
    const index = this.change(account, null, need);
    if (!move) {
      this.event(type, index, { from: null, to: account, toChange: index, wanted });
      return;
    }
    this.event(type, move.oldIndex, {
      from: move.account,
      to: account,
      toChange: index,
      reason: move.loss.endedRow ? move.loss.reason : null,
      sameJenjang: type === 'ptk_transferred' ? false : null,
      loss: move.loss,
      wanted,
    });
  }

  private updated(existing: Account, wanted: DesiredAccount): Account {
    return {
      ...existing,
      role: wanted.role,
      npsn: wanted.npsn,
      nama: wanted.row.nama,
      deactivateReason: null,
      suspendOn: null,
      deleteOn: null,
      continuationDeadline: null,
      waitingSince: null,
      waitingReason: null,
      remindedOn: null,
    };
  }

  private deactivated(account: Account, reason: string): Account {
    const suspendOn = addDays(this.ctx.takenAt, this.ctx.policy.noticeDays);
    return {
      ...account,
      status: 'deactivating',
      statusSince: this.ctx.takenAt,
      deactivateReason: reason,
      suspendOn,
      deleteOn: addDays(suspendOn, this.ctx.policy.retentionDays),
      continuationDeadline: null,
      waitingSince: null,
      waitingReason: null,
      remindedOn: null,
    };
  }

  private roleChangeNeed(existing: Account, wanted: DesiredAccount): AddressNeed {
    const domain = domainFor(wanted.role, wanted.jenjang, this.ctx.policy);
    return { kind: 'role_change', domain, current: existing.primaryAddress };
  }

  /** Compared with the previous version of the row that gives the account (fine print 3). */
  private profileChanged(existing: Account, row: PersonRow): boolean {
    if (existing.nama !== row.nama) return true;
    const before = this.input.prev?.rows.find((r) => r.rowId === row.rowId);
    const prev = before ?? this.input.prev?.profile;
    if (!prev) return false;
    return prev.nik !== row.nik || prev.tanggalLahir !== row.tanggalLahir || prev.email !== row.email;
  }

  /** The jenis_keluar of the row this account's school ended with, for a transfer (fine print 9). */
  private transferReason(existing: Account): { reason: string; row: PersonRow } | null {
    const ended = this.input.newRows.find((r) => r.npsn === existing.npsn && r.jenisKeluar !== '');
    return ended ? { reason: snakeCase(ended.jenisKeluar), row: ended } : null;
  }

  private change(account: Account, previous: Account | null, addressNeed: AddressNeed | null): number {
    const existing = this.plan.changes.findIndex((c) => c.previous !== null && c.previous === previous);
    if (existing >= 0) {
      this.plan.changes[existing] = { account, previous, addressNeed };
      return existing;
    }
    this.plan.changes.push({ account, previous, addressNeed });
    return this.plan.changes.length - 1;
  }

  private event(
    type: EventType,
    subject: number,
    detail: {
      from: Account | null;
      to: Account | null;
      toChange?: number | null;
      reason?: string | null;
      sameJenjang?: boolean | null;
      loss?: LossReason;
      endedRow?: PersonRow;
      wanted?: DesiredAccount;
      leaver?: boolean;
      seasonal?: boolean;
      facts?: Evidence['facts'];
    },
  ): void {
    const from = detail.from ? accountRef(detail.from) : null;
    const to = detail.to ? accountRef(detail.to) : null;
    const rows = [detail.loss?.endedRow ?? detail.endedRow, detail.wanted?.row].filter(
      (r): r is PersonRow => !!r,
    );
    const facts: Evidence['facts'] = { ...detail.facts };
    if (this.input.rekeyedFrom) facts.rekeyed_from = this.input.rekeyedFrom;
    if (detail.loss && !detail.loss.endedRow) facts.loss = detail.loss.reason;
    if (detail.from && detail.to && detail.from.nama !== detail.to.nama)
      facts.previous_nama = detail.from.nama;
    this.plan.events.push({
      type,
      reason: detail.reason ?? null,
      sameJenjang: detail.sameJenjang ?? null,
      from,
      to,
      subject,
      toChange: detail.toChange ?? null,
      rule: ruleText(type, detail.reason ?? null, from, to),
      evidence: { rows: rows.map(rowEvidence), facts },
      leaver: detail.leaver ?? false,
      seasonal: detail.seasonal ?? false,
      schools: [...new Set([from?.npsn, to?.npsn].filter((n): n is string => !!n))],
    });
  }
}

function ruleText(
  type: EventType,
  reason: string | null,
  from: AccountRef | null,
  to: AccountRef | null,
): string {
  const parts: string[] = [type];
  if (reason) parts.push(`reason=${reason}`);
  if (from) parts.push(`from=${from.role}@${from.jenjang}/${from.npsn}`);
  if (to) parts.push(`to=${to.role}@${to.jenjang}/${to.npsn}`);
  return parts.join(' ');
}

export type { Jenjang };
