// Turns what a run applies into outbox rows: one message per person per run (all of that person's
// events), written in the same transaction as the account change, and one digest per school at the
// end of the run. What a person is told is decided here (recipients, subject, the facts); the body is
// rendered from those facts when the row is read (mail-payload.ts). Digests are rendered here.
import type { PersonPlan } from '../domain/classify.js';
import type { Policy } from '../domain/policy.js';
import { spillField, TextSpill, unspillField } from '../spill/text-spill.js';
import type { OutboxTable } from '../store/schema.js';
import { MAIL_CHANNEL, type MailFactsPayload, type MailPayload, personMailInput } from './mail-payload.js';
import {
  composeSchoolDigest,
  DIGEST_LIST_LIMIT,
  type DigestAppeal,
  type DigestHold,
  type DigestItem,
  digestOrder,
  type Lang,
  type MailEvent,
  personMailHead,
} from './templates/index.js';

export type OutboxRow = Omit<OutboxTable, 'id'>;

export interface NotifierOptions {
  lang: Lang;
  policy: Policy;
  runId: number;
  schoolName: (npsn: string) => string;
  /** The date events take effect: the extract's taken_at, or the tick day. */
  effectiveDate: string;
  now: () => Date;
  /**
   * Where the digest items of a large run spill (a first national load tells every school about
   * everyone who joined); without it they stay in memory.
   */
  spillDir?: string;
  /** Characters of digest items a spill file buffers before it is written; only a test sets it. */
  spillChars?: number;
}

/**
 * One group of a school's digest as a run collects it: only the items that can make the digest's cut
 * (the first DIGEST_LIST_LIMIT in digest order) and how many there were. A first national load
 * tells every school about everyone who joined; holding all of them until the end of the run was
 * memory per person.
 */
export class DigestList {
  private items: DigestItem[] = [];
  /** The last item that made the cut when the list was last pruned: anything after it never will. */
  private threshold: DigestItem | null = null;
  total = 0;

  constructor(
    private readonly order: (a: DigestItem, b: DigestItem) => number,
    private readonly limit = DIGEST_LIST_LIMIT,
  ) {}

  add(item: DigestItem): void {
    this.total++;
    if (this.threshold !== null && this.order(item, this.threshold) >= 0) return;
    this.items.push(item);
    if (this.items.length >= 2 * this.limit) this.prune();
  }

  /** The items that make the cut, in digest order. */
  kept(): DigestItem[] {
    this.prune();
    return this.items;
  }

  private prune(): void {
    this.items.sort(this.order);
    if (this.items.length >= this.limit) {
      this.items.length = this.limit;
      this.threshold = this.items[this.limit - 1]!;
    }
  }
}

/** What a run keeps in memory per school: its counts. The items themselves wait in the spill. */
interface SchoolNews {
  joined: number;
  moved: number;
  left: number;
  newCredentials: number;
}

type Group = 'joined' | 'moved' | 'left';

/**
 * Digest items are spilled by the first four digits of the school's NPSN, so that reading the spill
 * file by file meets the schools in NPSN order and one file holds a few thousand schools at most. An
 * NPSN of another shape (never in a valid extract) goes to the last file.
 */
const ITEM_FILES = 10_001;

function itemFileOf(npsn: string): number {
  return /^\d{4}/.test(npsn) ? Number(npsn.slice(0, 4)) : ITEM_FILES - 1;
}

/** What the digests read of an event. */
interface DigestEvent {
  type: string;
  reason: string | null;
  from: { npsn: string; address: string } | null;
  to: { npsn: string; address: string } | null;
}

/** An event a run applied, as the store holds it, with its person's name. */
export interface RecalledEvent extends DigestEvent {
  nama: string;
}

/** The schools' admins and waiting appeals, looked up for one batch of digests. */
export interface DigestLookups {
  adminsOf: (npsn: string) => string[];
  appealsOf: (npsn: string) => DigestAppeal[];
}

const JOINING = new Set(['account_created', 'account_reactivated']);
const MOVING = new Set(['ptk_transferred', 'pd_transferred', 'pd_level_changed', 'ptk_role_changed']);
const LEAVING = new Set(['ptk_deactivated', 'pd_deactivated']);

export class Notifier {
  private readonly news = new Map<string, SchoolNews>();
  private readonly order: (a: DigestItem, b: DigestItem) => number;
  private readonly items: TextSpill;

  constructor(private readonly options: NotifierOptions) {
    this.order = digestOrder(options.lang);
    this.items = new TextSpill(ITEM_FILES, options.spillDir, 'digest-items', options.spillChars);
  }

  /** The run's clock: rows queued beside this notifier's mail (provisioning) are stamped by it too. */
  now(): Date {
    return this.options.now();
  }

  /** The person's message for an applied plan (none for a death or nothing notifiable). */
  forPlan(plan: PersonPlan, firstEvent: { id: number; accountId: number | null } | null): OutboxRow[] {
    this.collect(plan);
    const events: MailEvent[] = plan.events.map((event) => {
      const change = plan.changes[event.subject]!;
      const account = change.account;
      const toAddress = event.toChange !== null ? plan.changes[event.toChange]!.account.primaryAddress : null;
      return {
        type: event.type,
        reason: event.reason,
        sameJenjang: event.sameJenjang,
        from: event.from,
        to: event.to ? { ...event.to, address: toAddress ?? event.to.address } : null,
        effectiveDate: this.options.effectiveDate,
        suspendOn: account.suspendOn,
        deleteOn: account.deleteOn,
        // The window that just ended (tick) is on the account as it was.
        continuationDeadline: change.previous?.continuationDeadline ?? account.continuationDeadline,
      };
    });
    const schools: Record<string, string> = {};
    for (const event of events) {
      for (const ref of [event.from, event.to])
        if (ref) schools[ref.npsn] = this.options.schoolName(ref.npsn);
    }
    const person = { kind: plan.kind, nama: plan.profile.nama, personalEmail: plan.profile.email };
    const { noticeDays, retentionDays } = this.options.policy;
    const lang = this.options.lang;
    const facts = { person, events, schools, noticeDays, retentionDays };
    const head = personMailHead(personMailInput(facts, lang));
    if (!head) return [];
    const payload: MailFactsPayload = { ...head, lang, facts };
    return [this.row(payload, firstEvent?.id ?? null, firstEvent?.accountId ?? null)];
  }

  /** One digest per school that saw changes, to its active admin accounts, with its waiting appeals. */
  digests(
    adminsOf: (npsn: string) => string[],
    held: DigestHold[],
    appealsOf: (npsn: string) => DigestAppeal[] = () => [],
  ): OutboxRow[] {
    const rows: OutboxRow[] = [];
    for (const schools of this.digestBatches())
      rows.push(...this.digestsOf(schools, held, { adminsOf, appealsOf }));
    return rows;
  }

  /**
   * The schools to send a digest to, in NPSN order, a batch at a time: each batch's digests are
   * composed (digestsOf) and written before the next batch's items are read.
   */
  *digestBatches(): Generator<string[]> {
    const byFile = new Map<number, string[]>();
    for (const npsn of this.news.keys()) {
      const file = itemFileOf(npsn);
      const list = byFile.get(file);
      if (list) list.push(npsn);
      else byFile.set(file, [npsn]);
    }
    for (const file of [...byFile.keys()].sort((a, b) => a - b)) {
      yield byFile.get(file)!.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
  }

  /** The digests of one batch of digestBatches(), whose items are read back and then forgotten. */
  digestsOf(schools: readonly string[], held: DigestHold[], lookups: DigestLookups): OutboxRow[] {
    const lists = new Map<string, Record<Group, DigestList>>();
    const listsOf = (npsn: string) => {
      let found = lists.get(npsn);
      if (!found) {
        const list = () => new DigestList(this.order);
        found = { joined: list(), moved: list(), left: list() };
        lists.set(npsn, found);
      }
      return found;
    };
    for (const file of new Set(schools.map(itemFileOf))) {
      for (const record of this.items.take(file)) {
        const [npsn = '', group, type, reason, nama = '', address = ''] = record.split('\t');
        listsOf(npsn)[group as Group].add({
          nama: unspillField(nama),
          address: unspillField(address),
          type: type as DigestItem['type'],
          reason: reason === '' ? null : unspillField(reason!.slice(1)),
        });
      }
    }
    const rows: OutboxRow[] = [];
    for (const npsn of schools) {
      const news = this.news.get(npsn);
      if (!news) continue;
      const kept = listsOf(npsn);
      const mail = composeSchoolDigest({
        lang: this.options.lang,
        school: { npsn, nama: this.options.schoolName(npsn) },
        adminAddresses: lookups.adminsOf(npsn),
        runId: this.options.runId,
        effectiveDate: this.options.effectiveDate,
        joined: kept.joined.kept(),
        moved: kept.moved.kept(),
        left: kept.left.kept(),
        totals: { joined: news.joined, moved: news.moved, left: news.left },
        newCredentials: news.newCredentials,
        appeals: lookups.appealsOf(npsn),
        held: held.filter(
          (h) => h.scope === 'run' || h.scope === `sekolah:${npsn}` || h.scope.startsWith('provinsi:'),
        ),
      });
      if (mail) rows.push(this.row({ ...mail, lang: this.options.lang }, null, null));
    }
    return rows;
  }

  /** A school gets a digest even when only a hold concerns it. */
  touch(npsn: string): void {
    this.newsOf(npsn);
  }

  get schools(): string[] {
    return [...this.news.keys()];
  }

  private collect(plan: PersonPlan): void {
    for (const event of plan.events) {
      const toChange = event.toChange !== null ? plan.changes[event.toChange] : undefined;
      const address = toChange?.account.primaryAddress ?? event.from?.address ?? event.to?.address ?? '';
      const npsn = this.collectEvent(event, plan.profile.nama, address);
      if (npsn !== null && (event.type === 'account_created' || toChange?.previous === null))
        this.newsOf(npsn).newCredentials++;
    }
  }

  /**
   * What an earlier process of the same run applied before it was interrupted, as stored: the
   * process that finishes the run tells the schools about the whole run, not only its own part.
   */
  recall(events: readonly RecalledEvent[]): void {
    for (const e of events) {
      // A stored event's `to` carries the address it was given (apply.ts toRef); without one, the
      // address it had, which a move without a new address keeps.
      const address = e.to?.address ?? e.from?.address ?? '';
      this.collectEvent(e, e.nama, address);
    }
  }

  /** The accounts an earlier process of the same run created, by school: their new credentials. */
  recallCredentials(createdBySchool: ReadonlyMap<string, number>): void {
    for (const [npsn, n] of createdBySchool) this.newsOf(npsn).newCredentials += n;
  }

  /** Files an event's digest items; returns the school it concerns, if any. */
  private collectEvent(event: DigestEvent, nama: string, address: string): string | null {
    const item = (group: Group, npsn: string) => {
      this.newsOf(npsn)[group]++;
      const reason = event.reason === null ? '' : `=${spillField(event.reason)}`;
      this.items.append(
        itemFileOf(npsn),
        `${npsn}\t${group}\t${event.type}\t${reason}\t${spillField(nama)}\t${spillField(address)}\n`,
      );
    };
    const npsn = event.to?.npsn ?? event.from?.npsn;
    if (!npsn) return null;
    this.newsOf(npsn);
    if (JOINING.has(event.type)) item('joined', npsn);
    else if (MOVING.has(event.type)) item('moved', npsn);
    else if (LEAVING.has(event.type)) item('left', event.from?.npsn ?? npsn);
    if (MOVING.has(event.type) && event.from && event.from.npsn !== npsn) item('moved', event.from.npsn);
    return npsn;
  }

  private newsOf(npsn: string): SchoolNews {
    let news = this.news.get(npsn);
    if (!news) {
      news = { joined: 0, moved: 0, left: 0, newCredentials: 0 };
      this.news.set(npsn, news);
    }
    return news;
  }

  private row(
    payload: MailPayload | MailFactsPayload,
    eventId: number | null,
    accountId: number | null,
  ): OutboxRow {
    const at = this.options.now().toISOString();
    return {
      run_id: this.options.runId,
      event_id: eventId,
      account_id: accountId,
      channel: MAIL_CHANNEL,
      message_id: null,
      payload_json: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
      sent_at: null,
      last_error: null,
    };
  }
}
