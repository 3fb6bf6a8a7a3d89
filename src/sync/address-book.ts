// Addresses for one run, decided once for the whole run before anything is written, so they do not
// depend on how the work is split (DESIGN fine print 10): requests are grouped by domain and local
// base, and within a group numbered in order of person id.
import { allocateNumbers, formatAddress, parseAddress, roleChangeAddress } from '../domain/address.js';
import type { PersonPlan } from '../domain/classify.js';
import type { Policy } from '../domain/policy.js';
import type { AddressRepository } from '../store/address-repository.js';

export interface Allocation {
  address: string;
  domain: string;
  base: string;
  number: number;
  /** The account already owned this address (a role change back): nothing new is issued. */
  reused: boolean;
}

interface RoleChange {
  accountId: number;
  current: string;
}

export function requestKey(personId: string, jenjang: string): string {
  return `${personId}|${jenjang}`;
}

/** Numbers below this fit beside their group's index in one double (group × NUMBER_SPAN + number). */
const NUMBER_SPAN = 2 ** 24;
/** Allocations are spread over this many maps: one Map holds about 16.7 million entries at most. */
const SHARDS = 64;

function shardOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i += 3) h = (h * 31 + key.charCodeAt(i)) | 0;
  return h & (SHARDS - 1);
}

/**
 * Requests are kept as parallel arrays and each issued address as one number (its group and its
 * number): a first national load asks for tens of millions of addresses, and an object per request
 * and per allocation cost several hundred bytes each. Role changes, which are few, are kept whole.
 */
export class AddressBook {
  private personIds: string[] = [];
  private jenjangs: string[] = [];
  private groupOf: number[] = [];
  private roleChanges = new Map<number, RoleChange>();
  private readonly groups: { domain: string; base: string }[] = [];
  private readonly groupIndex = new Map<string, number>();
  private readonly numbers = Array.from({ length: SHARDS }, () => new Map<string, number>());
  private readonly special = new Map<string, Allocation>();

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
    roleChange: RoleChange | null,
  ) {
    const name = `${domain}|${base}`;
    let group = this.groupIndex.get(name);
    if (group === undefined) {
      group = this.groups.length;
      this.groups.push({ domain, base });
      this.groupIndex.set(name, group);
    }
    if (roleChange) this.roleChanges.set(this.personIds.length, roleChange);
    this.personIds.push(personId);
    this.jenjangs.push(jenjang);
    this.groupOf.push(group);
  }

  get size(): number {
    return this.personIds.length;
  }

  get(personId: string, jenjang: string): Allocation {
    const key = requestKey(personId, jenjang);
    const packed = this.numbers[shardOf(key)]!.get(key);
    if (packed !== undefined) {
      const group = this.groups[Math.floor(packed / NUMBER_SPAN)]!;
      const number = packed % NUMBER_SPAN;
      const address = formatAddress(group.base, number, group.domain);
      return { address, domain: group.domain, base: group.base, number, reused: false };
    }
    const found = this.special.get(key);
    if (!found) throw new Error(`no address was allocated for ${personId} in ${jenjang}`);
    return found;
  }

  async allocate(addresses: AddressRepository, policy: Policy): Promise<void> {
    const members: number[][] = this.groups.map(() => []);
    for (let r = 0; r < this.groupOf.length; r++) members[this.groupOf[r]!]!.push(r);
    const taken = await addresses.takenNumbers(this.groups);
    for (let g = 0; g < this.groups.length; g++) {
      const group = this.groups[g]!;
      const list = members[g]!;
      list.sort((a, b) =>
        this.personIds[a]! < this.personIds[b]! ? -1 : this.personIds[a]! > this.personIds[b]! ? 1 : 0,
      );
      const used = taken.get(`${group.domain}|${group.base}`) ?? new Set<number>();
      await this.allocateGroup(g, list, used, addresses, policy);
      members[g] = [];
    }
    // What was asked is answered: only the answers are kept.
    this.personIds = [];
    this.jenjangs = [];
    this.groupOf = [];
    this.roleChanges = new Map();
  }

  private async allocateGroup(
    g: number,
    list: number[],
    used: Set<number>,
    addresses: AddressRepository,
    policy: Policy,
  ): Promise<void> {
    const { domain, base } = this.groups[g]!;
    // Role changes first: they may keep a number they own or already carry.
    for (const r of list) {
      const roleChange = this.roleChanges.get(r);
      if (!roleChange) continue;
      const owned = await addresses.ownedIn(roleChange.accountId, domain);
      const current = parseAddress(roleChange.current);
      const address = current
        ? roleChangeAddress({
            current,
            targetDomain: domain,
            ownedInTarget: owned,
            isTaken: (n) => used.has(n),
            policy,
          })
        : formatAddress(base, allocateNumbers(1, used, policy)[0]!, domain);
      const parsed = parseAddress(address);
      const number = parsed?.number ?? 0;
      used.add(number);
      this.special.set(requestKey(this.personIds[r]!, this.jenjangs[r]!), {
        address,
        domain,
        base,
        number,
        reused: owned.includes(address),
      });
    }
    const fresh = list.filter((r) => !this.roleChanges.has(r));
    const numbers = allocateNumbers(fresh.length, used, policy);
    fresh.forEach((r, i) => {
      const number = numbers[i]!;
      used.add(number);
      const key = requestKey(this.personIds[r]!, this.jenjangs[r]!);
      if (number < NUMBER_SPAN) this.numbers[shardOf(key)]!.set(key, g * NUMBER_SPAN + number);
      else {
        const address = formatAddress(base, number, domain);
        this.special.set(key, { address, domain, base, number, reused: false });
      }
    });
  }
}
