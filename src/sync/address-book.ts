// Addresses for one run, decided once for the whole run before anything is written, so they do not
// depend on how the work is split (DESIGN fine print 10): requests are grouped by domain and local
// base, and within a group numbered in order of person id.
//
// A first national load asks for tens of millions of addresses, so neither the requests nor the
// answers stay in memory (issue 7: no growth per person beyond the partition being worked on):
//   collect:  each request is appended to a bucket chosen by its group (a group is one domain and
//             local base, so a group never spans buckets);
//   allocate: one bucket at a time is read back, its groups sorted by person id and numbered, and
//             each answer appended to the answer file of the person's partition;
//   get:      the first question about a partition reads that partition's answers, and drops the
//             answers of the partition before.
// Only the groups (one entry per distinct local base and domain) stay for the whole run. A small run
// never touches the disk: a bucket or answer file is written only once its buffer is large.
import { rmSync } from 'node:fs';
import {
  allocateNumbers,
  formatAddress,
  parseAddress,
  roleChangeAddress,
  TakenNumbers,
} from '../domain/address.js';
import type { PersonPlan } from '../domain/classify.js';
import type { Policy } from '../domain/policy.js';
import { spillField as field, TextSpill, unspillField as unfield } from '../spill/text-spill.js';
import type { AddressRepository } from '../store/address-repository.js';
import { partitionOf, personHash } from './partitions.js';

export interface Allocation {
  address: string;
  domain: string;
  base: string;
  number: number;
  /** The account already owned this address (a role change back): nothing new is issued. */
  reused: boolean;
}

interface Request {
  personId: string;
  jenjang: string;
  /** Set for a role change: the account and its current primary address. */
  roleChange: { accountId: number; current: string } | null;
}

export interface AddressBookOptions {
  /** The run's partitions: answers are kept and read back one partition at a time. Default 1. */
  partitions?: number;
  /** Where requests and answers spill; without it they stay in memory (tests, small tools). */
  spillDir?: string;
  /** Characters a bucket or answer buffer holds before it is appended to its file (text-spill.ts). */
  spillChars?: number;
}

export function requestKey(personId: string, jenjang: string): string {
  return `${personId}|${jenjang}`;
}

/** Numbers below this fit beside their group's index in one double (group × NUMBER_SPAN + number). */
const NUMBER_SPAN = 2 ** 24;
/** Request buckets: a bucket read back holds about this share of the run's requests. */
const BUCKETS = 64;

export class AddressBook {
  private readonly partitions: number;
  private readonly spillDir: string | undefined;
  private readonly groups: { domain: string; base: string }[] = [];
  private readonly groupIndex = new Map<string, number>();
  private readonly requests: TextSpill;
  private readonly answers: TextSpill;
  /** The answers of one partition: a packed group and number, or a whole allocation when special. */
  private loaded: { partition: number; answers: Map<string, number | Allocation> } | null = null;

  constructor(options: AddressBookOptions = {}) {
    this.partitions = Math.max(1, options.partitions ?? 1);
    this.spillDir = options.spillDir;
    const limit = options.spillChars;
    this.requests = new TextSpill(BUCKETS, this.spillDir, 'requests', limit);
    this.answers = new TextSpill(this.partitions, this.spillDir, 'answers', limit);
  }

  collect(plan: PersonPlan): void {
    for (const change of plan.changes) {
      const need = change.addressNeed;
      if (!need) continue;
      if (need.kind === 'new') {
        this.request(plan.personId, change.account.jenjang, need.domain, need.base, null);
        continue;
      }
      const current = parseAddress(need.current);
      const base = current?.localBase ?? need.current.split('@')[0] ?? '';
      this.request(plan.personId, change.account.jenjang, need.domain, base, {
        accountId: change.account.id,
        current: need.current,
      });
    }
  }

  private request(
    personId: string,
    jenjang: string,
    domain: string,
    base: string,
    roleChange: Request['roleChange'],
  ) {
    const name = `${domain}|${base}`;
    let group = this.groupIndex.get(name);
    if (group === undefined) {
      group = this.groups.length;
      this.groups.push({ domain, base });
      this.groupIndex.set(name, group);
    }
    const change = roleChange ? `\t${roleChange.accountId}\t${field(roleChange.current)}` : '';
    this.requests.append(group % BUCKETS, `${group}\t${field(personId)}\t${field(jenjang)}${change}\n`);
  }

  get(personId: string, jenjang: string): Allocation {
    const partition = partitionOf(personHash(personId), this.partitions);
    if (this.loaded?.partition !== partition)
      this.loaded = { partition, answers: this.readAnswers(partition) };
    const key = requestKey(personId, jenjang);
    const answer = this.loaded.answers.get(key);
    if (answer === undefined) throw new Error(`no address was allocated for ${personId} in ${jenjang}`);
    if (typeof answer !== 'number') return answer;
    const group = this.groups[Math.floor(answer / NUMBER_SPAN)]!;
    const number = answer % NUMBER_SPAN;
    const address = formatAddress(group.base, number, group.domain);
    return { address, domain: group.domain, base: group.base, number, reused: false };
  }

  async allocate(addresses: AddressRepository, policy: Policy): Promise<void> {
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      const members = new Map<number, Request[]>();
      for (const record of this.requests.take(bucket)) {
        const [g, personId, jenjang, accountId, current] = record.split('\t');
        const group = Number(g);
        const roleChange =
          accountId === undefined ? null : { accountId: Number(accountId), current: unfield(current!) };
        const list = members.get(group) ?? [];
        if (list.length === 0) members.set(group, list);
        list.push({ personId: unfield(personId!), jenjang: unfield(jenjang!), roleChange });
      }
      if (members.size === 0) continue;
      const groups = [...members.keys()].sort((a, b) => a - b);
      const taken = await addresses.takenNumbers(groups.map((g) => this.groups[g]!));
      for (const g of groups) {
        const { domain, base } = this.groups[g]!;
        const list = members.get(g)!;
        list.sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
        await this.allocateGroup(
          g,
          list,
          taken.get(`${domain}|${base}`) ?? new TakenNumbers(),
          addresses,
          policy,
        );
      }
    }
  }

  /** Removes what spilled to disk. */
  dispose(): void {
    if (this.spillDir !== undefined) rmSync(this.spillDir, { recursive: true, force: true });
  }

  private async allocateGroup(
    g: number,
    list: readonly Request[],
    used: TakenNumbers,
    addresses: AddressRepository,
    policy: Policy,
  ): Promise<void> {
    const { domain, base } = this.groups[g]!;
    // Role changes first: they may keep a number they own or already carry.
    for (const r of list) {
      if (!r.roleChange) continue;
      const owned = await addresses.ownedIn(r.roleChange.accountId, domain);
      const current = parseAddress(r.roleChange.current);
      const address = current
        ? roleChangeAddress({
            current,
            targetDomain: domain,
            ownedInTarget: owned,
            isTaken: (n) => used.has(n),
            policy,
          })
        : formatAddress(base, allocateNumbers(1, used, policy)[0]!, domain);
      const number = parseAddress(address)?.number ?? 0;
      used.add(number);
      this.answer(r, 's', `${g}\t${number}\t${owned.includes(address) ? 1 : 0}\t${field(address)}`);
    }
    const fresh = list.filter((r) => !r.roleChange);
    const numbers = allocateNumbers(fresh.length, used, policy);
    fresh.forEach((r, i) => {
      const number = numbers[i]!;
      used.add(number);
      if (number < NUMBER_SPAN) this.answer(r, 'n', String(g * NUMBER_SPAN + number));
      else this.answer(r, 's', `${g}\t${number}\t0\t${field(formatAddress(base, number, domain))}`);
    });
  }

  private answer(r: Request, kind: 'n' | 's', rest: string): void {
    const partition = partitionOf(personHash(r.personId), this.partitions);
    this.answers.append(partition, `${kind}\t${field(r.personId)}\t${field(r.jenjang)}\t${rest}\n`);
  }

  private readAnswers(partition: number): Map<string, number | Allocation> {
    const out = new Map<string, number | Allocation>();
    for (const record of this.answers.read(partition)) {
      const [kind, personId, jenjang, a, number, reused, address] = record.split('\t');
      const key = requestKey(unfield(personId!), unfield(jenjang!));
      if (kind === 'n') {
        out.set(key, Number(a));
        continue;
      }
      const { domain, base } = this.groups[Number(a)]!;
      out.set(key, {
        address: unfield(address!),
        domain,
        base,
        number: Number(number),
        reused: reused === '1',
      });
    }
    return out;
  }
}
