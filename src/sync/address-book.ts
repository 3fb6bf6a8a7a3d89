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

interface Request {
  key: string;
  personId: string;
  domain: string;
  base: string;
  /** Role changes: the account and its current primary address. */
  roleChange: { accountId: number; current: string } | null;
}

export function requestKey(personId: string, jenjang: string): string {
  return `${personId}|${jenjang}`;
}

export class AddressBook {
  private readonly requests: Request[] = [];
  private readonly allocations = new Map<string, Allocation>();

  collect(plan: PersonPlan): void {
    for (const change of plan.changes) {
      const need = change.addressNeed;
      if (!need) continue;
      const key = requestKey(plan.personId, change.account.jenjang);
      if (need.kind === 'new') {
        this.requests.push({
          key,
          personId: plan.personId,
          domain: need.domain,
          base: need.base,
          roleChange: null,
        });
        continue;
      }
      const current = parseAddress(need.current);
      const base = current?.localBase ?? need.current.split('@')[0] ?? '';
      const roleChange = { accountId: change.account.id, current: need.current };
      this.requests.push({ key, personId: plan.personId, domain: need.domain, base, roleChange });
    }
  }

  get size(): number {
    return this.requests.length;
  }

  get(personId: string, jenjang: string): Allocation {
    const found = this.allocations.get(requestKey(personId, jenjang));
    if (!found) throw new Error(`no address was allocated for ${personId} in ${jenjang}`);
    return found;
  }

  async allocate(addresses: AddressRepository, policy: Policy): Promise<void> {
    const groups = new Map<string, Request[]>();
    for (const r of this.requests) {
      const group = `${r.domain}|${r.base}`;
      const list = groups.get(group);
      if (list) list.push(r);
      else groups.set(group, [r]);
    }
    const taken = await addresses.takenNumbers([...groups.values()].map((g) => g[0]!));
    for (const [group, list] of groups) {
      list.sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
      const used = taken.get(group) ?? new Set<number>();
      await this.allocateGroup(list, used, addresses, policy);
    }
  }

  private async allocateGroup(
    list: Request[],
    used: Set<number>,
    addresses: AddressRepository,
    policy: Policy,
  ): Promise<void> {
    // Role changes first: they may keep a number they own or already carry.
    for (const r of list) {
      if (!r.roleChange) continue;
      const owned = await addresses.ownedIn(r.roleChange.accountId, r.domain);
      const current = parseAddress(r.roleChange.current);
      const address = current
        ? roleChangeAddress({
            current,
            targetDomain: r.domain,
            ownedInTarget: owned,
            isTaken: (n) => used.has(n),
            policy,
          })
        : formatAddress(r.base, allocateNumbers(1, used, policy)[0]!, r.domain);
      const parsed = parseAddress(address);
      const number = parsed?.number ?? 0;
      used.add(number);
      this.allocations.set(r.key, {
        address,
        domain: r.domain,
        base: r.base,
        number,
        reused: owned.includes(address),
      });
    }
    const fresh = list.filter((r) => !r.roleChange);
    const numbers = allocateNumbers(fresh.length, used, policy);
    fresh.forEach((r, i) => {
      const number = numbers[i]!;
      used.add(number);
      const address = formatAddress(r.base, number, r.domain);
      this.allocations.set(r.key, { address, domain: r.domain, base: r.base, number, reused: false });
    });
  }
}
