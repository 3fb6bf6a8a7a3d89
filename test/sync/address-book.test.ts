// Properties of the addresses a run issues (DESIGN 2 "Addresses", fine print 1 and 10), over a
// directory that already issued some: never an address issued before, never one twice, each a
// valid mailbox, numbered in order of person id, and the same however the requests arrive.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { domainFor, formatAddress, localBase, TakenNumbers } from '../../src/domain/address.js';
import type { PersonPlan } from '../../src/domain/classify.js';
import { DEFAULT_POLICY, JENJANG } from '../../src/domain/policy.js';
import type { AddressRepository } from '../../src/store/address-repository.js';
import { AddressBook, type AddressBookOptions } from '../../src/sync/address-book.js';
import { partitionOf, personHash } from '../../src/sync/partitions.js';

const policy = DEFAULT_POLICY;

interface Issued {
  address: string;
  domain: string;
  base: string;
  number: number;
}

/** The two reads AddressBook makes, over an in-memory list of issued addresses. */
function repositoryOf(issued: readonly Issued[]): AddressRepository {
  const repo: Pick<AddressRepository, 'takenNumbers' | 'ownedIn'> = {
    async takenNumbers(groups) {
      const out = new Map<string, TakenNumbers>();
      for (const g of groups) {
        const numbers = issued.filter((i) => i.domain === g.domain && i.base === g.base).map((i) => i.number);
        out.set(`${g.domain}|${g.base}`, TakenNumbers.of(numbers));
      }
      return out;
    },
    async ownedIn(accountId) {
      // An account that changes role owned, in every domain, the address its id names.
      return issued.filter((i) => i.number === accountId).map((i) => i.address);
    },
  };
  return repo as AddressRepository;
}

interface Request {
  personId: string;
  nama: string;
  domain: string;
  jenjang: string;
  /** A role change of this account (its current address): keeps a number it owns or carries. */
  roleChange?: { accountId: number; current: string };
}

/** Only what AddressBook reads of a plan: an account in one jenjang that needs an address. */
function planOf(r: Request): PersonPlan {
  const addressNeed = r.roleChange
    ? { kind: 'role_change', domain: r.domain, current: r.roleChange.current }
    : { kind: 'new', domain: r.domain, base: localBase(r.nama, policy) };
  const change = {
    account: { jenjang: r.jenjang, id: r.roleChange?.accountId ?? 0 },
    previous: null,
    addressNeed,
  };
  return { personId: r.personId, changes: [change] } as unknown as PersonPlan;
}

async function allocate(
  requests: readonly Request[],
  issued: readonly Issued[],
  options: AddressBookOptions = {},
): Promise<Map<string, Issued & { reused: boolean }>> {
  const book = new AddressBook(options);
  try {
    for (const r of requests) book.collect(planOf(r));
    await book.allocate(repositoryOf(issued), policy);
    return new Map(
      requests.map((r) => {
        const a = book.get(r.personId, r.jenjang);
        return [
          r.personId,
          { address: a.address, domain: a.domain, base: a.base, number: a.number, reused: a.reused },
        ];
      }),
    );
  } finally {
    book.dispose();
  }
}

// Few names and domains, so that requests collide with each other and with issued addresses.
const NAMES = [
  'Siti Rahayu',
  'SITI RAHAYU',
  'Dra. Siti Rahayu, M.Pd.',
  'Budi',
  'Budi Santoso',
  '佐藤',
  'Ñoño Pérez',
];
const request = fc.record({
  nama: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 30 })),
  role: fc.constantFrom('guru', 'admin', 'siswa' as const),
  jenjang: fc.constantFrom(...JENJANG.slice(0, 3)),
});
const requests = fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 9999 }), request), {
  selector: ([id]) => id,
  maxLength: 40,
});
const issuedBefore = fc.array(
  fc.record({
    nama: fc.constantFrom(...NAMES),
    n: fc.integer({ min: 10, max: 30 }),
    jenjang: fc.constantFrom('sd', 'smp'),
  }),
  { maxLength: 30 },
);

function toRequests(
  list: ReadonlyArray<
    [number, { nama: string; role: 'guru' | 'admin' | 'siswa'; jenjang: (typeof JENJANG)[number] }]
  >,
): Request[] {
  return list.map(([id, r]) => ({
    personId: `p-${String(id).padStart(4, '0')}`,
    nama: r.nama,
    jenjang: r.jenjang,
    domain: domainFor(r.role, r.jenjang, policy),
  }));
}

function toIssued(list: ReadonlyArray<{ nama: string; n: number; jenjang: 'sd' | 'smp' }>): Issued[] {
  const seen = new Map<string, Issued>();
  for (const i of list) {
    const domain = domainFor('siswa', i.jenjang, policy);
    const base = localBase(i.nama, policy);
    const address = formatAddress(base, i.n, domain);
    seen.set(address, { address, domain, base, number: i.n });
  }
  return [...seen.values()];
}

describe('AddressBook properties', () => {
  test('a run never issues an address issued before, nor one address twice, and each is a valid mailbox', async () => {
    await fc.assert(
      fc.asyncProperty(requests, issuedBefore, async (list, before) => {
        const issued = toIssued(before);
        const got = await allocate(toRequests(list), issued);
        const taken = new Set(issued.map((i) => i.address));
        const addresses = [...got.values()].map((a) => a.address);
        assert.equal(new Set(addresses).size, addresses.length, 'one address twice');
        for (const a of addresses) {
          assert.ok(!taken.has(a), `${a} was issued before`);
          const [local = ''] = a.split('@');
          assert.match(local, /^[a-z]+(\.[a-z]+)?[1-9][0-9]{1,4}$/);
          assert.ok(local.length <= 64);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('numbers are given in order of person id, and do not depend on the order requests arrive', async () => {
    await fc.assert(
      fc.asyncProperty(requests, issuedBefore, fc.nat(), async (list, before, turn) => {
        const issued = toIssued(before);
        const ordered = toRequests(list);
        const at = ordered.length === 0 ? 0 : turn % ordered.length;
        const mixed = [...ordered.slice(at), ...ordered.slice(0, at)].reverse();
        const [a, b] = [await allocate(ordered, issued), await allocate(mixed, issued)];
        assert.deepEqual(b, a, 'a Map compares its entries in any order');
        const groups = new Map<string, Array<[string, number]>>();
        for (const [personId, x] of a) {
          const key = `${x.domain}|${x.base}`;
          groups.set(key, [...(groups.get(key) ?? []), [personId, x.number]]);
        }
        for (const members of groups.values()) {
          const byId = [...members].sort(([p], [q]) => (p < q ? -1 : 1)).map(([, n]) => n);
          assert.deepEqual(
            byId,
            [...byId].sort((x, y) => x - y),
            'smaller person id, smaller number',
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  test('run after run, an address issued once is never issued again', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requests, { minLength: 2, maxLength: 4 }), async (runs) => {
        const issued: Issued[] = [];
        for (const [k, list] of runs.entries()) {
          // Each run's persons are new (their ids carry the run), so every one needs an address.
          const reqs = toRequests(list).map((r) => ({ ...r, personId: `${k}-${r.personId}` }));
          const got = await allocate(reqs, issued);
          const before = new Set(issued.map((i) => i.address));
          for (const a of got.values()) assert.ok(!before.has(a.address), `${a.address} issued again`);
          issued.push(...got.values());
        }
      }),
      { numRuns: 100 },
    );
  });

  test('spilled to disk and answered a partition at a time, the book decides exactly as in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selaras-book-'));
    try {
      await fc.assert(
        fc.asyncProperty(
          requests,
          issuedBefore,
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 1, max: 200 }),
          async (list, before, partitions, spillChars) => {
            const issued = toIssued(before);
            // Ids with the characters a spill line is made of, and some accounts changing role.
            const reqs: Request[] = toRequests(list).map((r, i) => ({
              ...r,
              personId: i % 3 === 1 ? `${r.personId}\t%0a\n` : r.personId,
              ...(i % 4 === 2 && issued[i % Math.max(1, issued.length)]
                ? {
                    roleChange: {
                      accountId: issued[i % issued.length]!.number,
                      current: issued[i % issued.length]!.address,
                    },
                  }
                : {}),
            }));
            const inMemory = await allocate(reqs, issued);
            const spillDir = join(dir, 'book');
            const spilled = await allocate(reqs, issued, { partitions, spillDir, spillChars });
            assert.deepEqual(spilled, inMemory);
            assert.equal(existsSync(spillDir), false, 'dispose() removes the spill');
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a large run writes its requests and answers to disk, and reads a partition back on demand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selaras-book-'));
    const spillDir = join(dir, 'book');
    const book = new AddressBook({ partitions: 4, spillDir, spillChars: 64 });
    try {
      const reqs = Array.from({ length: 400 }, (_, i) => ({
        personId: `p-${String(i).padStart(4, '0')}`,
        nama: NAMES[i % NAMES.length]!,
        jenjang: 'sd',
        domain: domainFor('siswa', 'sd', policy),
      }));
      for (const r of reqs) book.collect(planOf(r));
      assert.ok(
        readdirSync(spillDir).some((f) => f.startsWith('requests-')),
        'requests went to disk while collected',
      );
      await book.allocate(repositoryOf([]), policy);
      const files = readdirSync(spillDir);
      assert.ok(!files.some((f) => f.startsWith('requests-')), 'a bucket is removed once allocated');
      assert.ok(
        files.some((f) => f.startsWith('answers-')),
        'answers went to disk',
      );
      // Partition by partition, as a run applies them, then back to the first: every answer is there.
      const byPartition = [...reqs].sort(
        (a, b) => partitionOf(personHash(a.personId), 4) - partitionOf(personHash(b.personId), 4),
      );
      const first = byPartition.map((r) => book.get(r.personId, r.jenjang).address);
      assert.equal(new Set(first).size, reqs.length);
      assert.equal(book.get(byPartition[0]!.personId, 'sd').address, first[0]);
    } finally {
      book.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
