// Turns what a run applies into outbox rows: one message per person per run (all of that person's
// events), written in the same transaction as the account change, and one digest per school at the
// end of the run. What a person is told is decided here (recipients, subject, the facts); the body is
// rendered from those facts when the row is read (mail-payload.ts). Digests are rendered here.
import type { PersonPlan } from '../domain/classify.js';
import type { Policy } from '../domain/policy.js';
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

interface SchoolNews {
  joined: DigestList;
  moved: DigestList;
  left: DigestList;
  newCredentials: number;
}

const JOINING = new Set(['account_created', 'account_reactivated']);
const MOVING = new Set(['ptk_transferred', 'pd_transferred', 'pd_level_changed', 'ptk_role_changed']);
const LEAVING = new Set(['ptk_deactivated', 'pd_deactivated']);

export class Notifier {
  private readonly news = new Map<string, SchoolNews>();
  private readonly order: (a: DigestItem, b: DigestItem) => number;

  constructor(private readonly options: NotifierOptions) {
    this.order = digestOrder(options.lang);
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
    for (const [npsn, news] of [...this.news].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const mail = composeSchoolDigest({
        lang: this.options.lang,
        school: { npsn, nama: this.options.schoolName(npsn) },
        adminAddresses: adminsOf(npsn),
        runId: this.options.runId,
        effectiveDate: this.options.effectiveDate,
        joined: news.joined.kept(),
        moved: news.moved.kept(),
        left: news.left.kept(),
        totals: { joined: news.joined.total, moved: news.moved.total, left: news.left.total },
        newCredentials: news.newCredentials,
        appeals: appealsOf(npsn),
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
      const item: DigestItem = { nama: plan.profile.nama, address, type: event.type, reason: event.reason };
      const npsn = event.to?.npsn ?? event.from?.npsn;
      if (!npsn) continue;
      const news = this.newsOf(npsn);
      if (JOINING.has(event.type)) news.joined.add(item);
      else if (MOVING.has(event.type)) news.moved.add(item);
      else if (LEAVING.has(event.type)) this.newsOf(event.from?.npsn ?? npsn).left.add(item);
      if (event.type === 'account_created' || toChange?.previous === null) news.newCredentials++;
      if (MOVING.has(event.type) && event.from && event.from.npsn !== npsn)
        this.newsOf(event.from.npsn).moved.add(item);
    }
  }

  private newsOf(npsn: string): SchoolNews {
    let news = this.news.get(npsn);
    if (!news) {
      const list = () => new DigestList(this.order);
      news = { joined: list(), moved: list(), left: list(), newCredentials: 0 };
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
