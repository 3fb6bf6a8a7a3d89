// The working state of one evolution (one `generate --from` call, one or more months): the extract,
// who held which account before, who has been changed already, the guard budget and the truth.
//
// Each person changes at most once per call (a pupil waiting to continue may still register), so
// every truth event is the one change the generator made to that person, measured from the account
// the person held before the call. Rows ended in an earlier call are dropped at the start, as later
// Dapodik pulls no longer carry leavers — except a Lulus at tingkat 6 or 9 whose continuation
// window is still open, which stays until the pupil registers elsewhere.

import type { Jenjang } from '../domain/policy.js';
import { AccountHistory } from './account-history.js';
import { type AccountRef, isActive, pdAccounts, pendingRow, ptkAccounts, windowEnd } from './account-view.js';
import type { ExtractData, PdRec, PtkRec } from './extract-model.js';
import { GuardBudget } from './guard-budget.js';
import { addDays } from './identifier-minters.js';
import { type IssuedIdentifiers, PersonFactory } from './person-factory.js';
import { mix32, Prng } from './random-source.js';
import { SchoolDirectory, type SchoolInfo } from './school-directory.js';
import { type PersonKind, TruthLog } from './truth-log.js';

export interface Step {
  /** taken_at of the month being made, and of the one before it. */
  date: string;
  prev: string;
  month: number;
}

type Row = PtkRec | PdRec;

const DROPPED_OUT = new Set(['Putus Sekolah', 'Mengundurkan diri']);

export class EvolveContext {
  readonly rng: Prng;
  readonly factory: PersonFactory;
  readonly schools: SchoolDirectory;
  readonly truth = new TruthLog();
  readonly budget: GuardBudget;
  readonly ids: Record<PersonKind, string[]> = { ptk: [], pd: [] };
  /** Pupils whose Lulus at tingkat 6 or 9 this call recorded, still waiting to register. */
  readonly waiting = new Set<string>();
  /**
   * Pupils who dropped out in the previous extract (its ended row is still there to read), with the
   * row and the account that is now deactivating: they may come back to school.
   */
  readonly lapsed = new Map<string, { row: PdRec; account: AccountRef }>();
  private readonly rows: Record<PersonKind, Map<string, Row[]>> = { ptk: new Map(), pd: new Map() };
  private readonly before = new Map<string, AccountRef[]>();
  private readonly irregular = new Set<string>();
  private readonly touched = new Set<string>();
  private readonly profileOnly = new Set<string>();
  /** Persons (kind:id) with an account at a school before this call, by NPSN. */
  private readonly holders = new Map<string, string[]>();
  step: Step;
  /** taken_at of the extract this call starts from. */
  readonly startDate: string;

  constructor(
    readonly data: ExtractData,
    seed: number,
    readonly finalDate: string,
    readonly history: AccountHistory = AccountHistory.empty(),
  ) {
    this.rng = new Prng(mix32(seed ^ hashText(`${data.manifest.snapshot_id}|${finalDate}`)));
    this.schools = new SchoolDirectory(data.schools, data.pd);
    this.factory = new PersonFactory(this.rng, issuedIn(data));
    for (const row of data.ptk) this.index('ptk', row);
    for (const row of data.pd) this.index('pd', row);
    const active = this.rememberAccounts();
    this.budget = new GuardBudget(active, (npsn) => this.schools.get(npsn)?.province ?? '');
    this.rememberDropouts();
    this.dropEndedRows();
    this.startDate = data.manifest.taken_at;
    this.step = { date: this.startDate, prev: this.startDate, month: 0 };
  }

  ptkRows(id: string): PtkRec[] {
    return this.live('ptk', id) as PtkRec[];
  }

  pdRows(id: string): PdRec[] {
    return this.live('pd', id) as PdRec[];
  }

  accountsBefore(kind: PersonKind, id: string): AccountRef[] {
    return this.before.get(`${kind}:${id}`) ?? [];
  }

  /** Not changed yet in this call, regular, and still in the extract. */
  isFree(kind: PersonKind, id: string): boolean {
    const key = `${kind}:${id}`;
    return !this.touched.has(key) && !this.irregular.has(key) && this.live(kind, id).length > 0;
  }

  isTouched(kind: PersonKind, id: string): boolean {
    return this.touched.has(`${kind}:${id}`);
  }

  isIrregular(kind: PersonKind, id: string): boolean {
    return this.irregular.has(`${kind}:${id}`);
  }

  touch(kind: PersonKind, id: string): void {
    this.touched.add(`${kind}:${id}`);
    this.profileOnly.delete(`${kind}:${id}`);
  }

  /** Only the profile changed: a later event of the same account folds the change in (DESIGN fine print 3). */
  touchProfile(kind: PersonKind, id: string): void {
    this.touch(kind, id);
    this.profileOnly.add(`${kind}:${id}`);
  }

  /** Free, or changed only in name or email: the school year may still see the pupil graduate. */
  mayGraduate(id: string): boolean {
    return this.isFree('pd', id) || (this.profileOnly.has(`pd:${id}`) && !this.irregular.has(`pd:${id}`));
  }

  addPtk(row: PtkRec): void {
    this.data.ptk.push(row);
    this.index('ptk', row);
  }

  addPd(row: PdRec): void {
    this.data.pd.push(row);
    this.index('pd', row);
  }

  /** A random free person accepted by `accept`, or null after enough misses. */
  pick(kind: PersonKind, accept: (id: string) => boolean, attempts = 300): string | null {
    const ids = this.ids[kind];
    for (let i = 0; i < attempts && ids.length > 0; i++) {
      const id = this.rng.pick(ids);
      if (this.isFree(kind, id) && accept(id)) return id;
    }
    return null;
  }

  /** The day a change of this month took effect: after the previous extract, by this one. */
  exitDate(): string {
    const span = Math.max(
      1,
      Math.round((Date.parse(this.step.date) - Date.parse(this.step.prev)) / 86_400_000),
    );
    return addDays(this.step.prev, this.rng.between(1, span));
  }

  schoolOf(row: Row): SchoolInfo | undefined {
    return this.schools.get(row.npsn);
  }

  /**
   * Whether anyone who held an account at the school has been changed in this call: closing it
   * would then turn their `absent` into `school_closed`, which the truth did not say.
   */
  holdersChanged(npsn: string): boolean {
    return (this.holders.get(npsn) ?? []).some((key) => this.touched.has(key));
  }

  /** Whether the person lost an account in this jenjang in an earlier call (see AccountHistory). */
  hasLost(kind: PersonKind, id: string, jenjang: Jenjang | null): boolean {
    return this.history.hasLost(kind, id, jenjang);
  }

  /** Still in the extract at the end of the call (any row left). */
  isPresent(kind: PersonKind, id: string): boolean {
    return this.live(kind, id).length > 0;
  }

  /** Active PTK rows at a school. */
  staffAt(npsn: string): PtkRec[] {
    return this.data.ptk.filter((r) => r.npsn === npsn && isActive(r));
  }

  private live(kind: PersonKind, id: string): Row[] {
    return (this.rows[kind].get(id) ?? []).filter((r) => !r.dropped);
  }

  private index(kind: PersonKind, row: Row): void {
    const list = this.rows[kind].get(row.personId);
    if (list) list.push(row);
    else {
      this.rows[kind].set(row.personId, [row]);
      this.ids[kind].push(row.personId);
    }
  }

  /** Accounts as the previous sync left them; returns the active accounts per school. */
  private rememberAccounts(): Map<string, number> {
    const active = new Map<string, number>();
    for (const kind of ['ptk', 'pd'] as const) {
      for (const [id, rows] of this.rows[kind]) {
        const accounts =
          kind === 'ptk'
            ? ptkAccounts(rows as PtkRec[], this.schools)
            : pdAccounts(rows as PdRec[], this.schools);
        if (accounts === null) this.irregular.add(`${kind}:${id}`);
        this.before.set(`${kind}:${id}`, accounts ?? []);
        for (const a of accounts ?? []) {
          active.set(a.npsn, (active.get(a.npsn) ?? 0) + 1);
          const holders = this.holders.get(a.npsn);
          if (holders) holders.push(`${kind}:${id}`);
          else this.holders.set(a.npsn, [`${kind}:${id}`]);
        }
      }
    }
    return active;
  }

  private rememberDropouts(): void {
    for (const [id, rows] of this.rows.pd) {
      const live = rows.filter((r) => !r.dropped) as PdRec[];
      const row = live[0];
      if (live.length !== 1 || !row || !DROPPED_OUT.has(row.jenisKeluar)) continue;
      const school = this.schools.get(row.npsn);
      if (
        !school?.jenjang ||
        school.jenjang === 'paud' ||
        row.tingkat === 0 ||
        this.irregular.has(`pd:${id}`)
      )
        continue;
      this.lapsed.set(id, { row, account: { jenjang: school.jenjang, role: 'siswa', npsn: row.npsn } });
    }
  }

  private dropEndedRows(): void {
    for (const row of this.data.ptk) if (row.jenisKeluar !== '') row.dropped = true;
    for (const [, rows] of this.rows.pd) {
      const pending = pendingRow(rows as PdRec[]);
      for (const row of rows as PdRec[]) {
        const keep = row === pending && windowEnd(row) >= this.finalDate;
        if (row.jenisKeluar !== '' && !keep) row.dropped = true;
      }
    }
  }
}

function issuedIn(data: ExtractData): IssuedIdentifiers {
  const issued: IssuedIdentifiers = { ids: new Set(), npsn: new Set(), nisn: new Set(), nik: new Set() };
  for (const s of data.schools) {
    issued.ids.add(s.sekolahId);
    issued.npsn.add(s.npsn);
  }
  for (const r of [...data.ptk, ...data.pd]) {
    issued.ids.add(r.rowId);
    issued.ids.add(r.personId);
    if (r.nik) issued.nik.add(r.nik);
  }
  for (const r of data.pd) if (r.nisn) issued.nisn.add(r.nisn);
  return issued;
}

/** FNV-1a: a stable number from text, so months of one chain get different random streams. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
