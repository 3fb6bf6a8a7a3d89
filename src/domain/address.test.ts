import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  allocateNumbers,
  domainFor,
  formatAddress,
  localBase,
  parseAddress,
  roleChangeAddress,
  smallestFreeNumber,
  TakenNumbers,
} from './address.js';
import { ACCOUNT_ROLES, DEFAULT_POLICY, JENJANG, type Policy } from './policy.js';

const policy = DEFAULT_POLICY;
const base = (nama: string): string => localBase(nama, policy);

describe('localBase', () => {
  test('joins the first two name tokens with a dot in lower case', () => {
    assert.equal(base('Siti Rahayu'), 'siti.rahayu');
    assert.equal(base('SITI RAHAYU PUTRI'), 'siti.rahayu');
  });

  test('uses a single token when the name has only one', () => {
    assert.equal(base('Sukarno'), 'sukarno');
  });

  test('drops leading titles and everything after the first comma', () => {
    assert.equal(base('Dra. Hj. Siti Aminah, S.Pd.'), 'siti.aminah');
    assert.equal(base('H. Muhammad Yusuf, M.Pd.'), 'muhammad.yusuf');
    assert.equal(base('Budi, Santoso'), 'budi');
  });

  test('matches titles letters-only and case-insensitively, with or without dots', () => {
    assert.equal(base('S.Pd. Ahmad Fauzi'), 'ahmad.fauzi');
    assert.equal(base('SPd Ahmad Fauzi'), 'ahmad.fauzi');
    assert.equal(base('s.pd Ahmad Fauzi'), 'ahmad.fauzi');
    assert.equal(base('DR Ahmad Fauzi'), 'ahmad.fauzi');
  });

  test('drops title tokens that come after the name without a comma', () => {
    assert.equal(base('Ahmad S.Pd. Fauzi'), 'ahmad.fauzi');
  });

  test('keeps a lone initial as a token', () => {
    assert.equal(base('I Wayan Sudarsana'), 'i.wayan');
    assert.equal(base('Ni Made Ayu'), 'ni.made');
  });

  test('removes apostrophes and hyphens inside a token', () => {
    assert.equal(base("Nur'aini"), 'nuraini');
    assert.equal(base("Ma'ruf Amin"), 'maruf.amin');
    assert.equal(base('Abdul-Rahman Wahid'), 'abdulrahman.wahid');
    assert.equal(base('Nur\u2019aini Lestari'), 'nuraini.lestari');
  });

  test('transliterates diacritics to ASCII', () => {
    assert.equal(base('Dédé Sunaryo'), 'dede.sunaryo');
    assert.equal(base('José Ñúñez'), 'jose.nunez');
    assert.equal(base('Zoë Åström'), 'zoe.astrom');
  });

  test('handles letters that already arrive decomposed', () => {
    assert.equal(base('De\u0301de\u0301 Sunaryo'), 'dede.sunaryo');
  });

  test('maps common letters that NFD does not decompose', () => {
    assert.equal(base('Jürgen Strauß'), 'jurgen.strauss');
    assert.equal(base('Søren Kærgaard'), 'soren.kaergaard');
    assert.equal(base('Đặng Łukasz'), 'dang.lukasz');
    assert.equal(base('Yıldız'), 'yildiz');
  });

  test('drops letters of other scripts inside a Latin token', () => {
    assert.equal(base('Siti佐藤 Rahayu'), 'siti.rahayu');
    assert.equal(base('佐藤 Rahayu Putri'), 'rahayu.putri');
  });

  test('falls back to pengguna when the name has no Latin letters', () => {
    assert.equal(base('佐藤'), 'pengguna');
    assert.equal(base('٠١٢'), 'pengguna');
    assert.equal(base('محمد'), 'pengguna');
    assert.equal(base('12345'), 'pengguna');
    assert.equal(base(''), 'pengguna');
    assert.equal(base('   '), 'pengguna');
  });

  test('falls back to pengguna when the name is only titles', () => {
    assert.equal(base('Dr. H.'), 'pengguna');
    assert.equal(base(', Siti Rahayu'), 'pengguna');
  });

  test('uses the policy fallback local part', () => {
    assert.equal(localBase('佐藤', { ...policy, fallbackLocal: 'user' }), 'user');
  });

  test('splits on runs of spaces, tabs, newlines and non-breaking spaces', () => {
    assert.equal(base('  Siti \t\t Rahayu  '), 'siti.rahayu');
    assert.equal(base('Siti\nRahayu'), 'siti.rahayu');
    assert.equal(base('Siti\u00a0Rahayu'), 'siti.rahayu');
  });

  test('drops tokens that are empty after removing non-letters', () => {
    assert.equal(base('Siti - Rahayu'), 'siti.rahayu');
    assert.equal(base('Siti 2 Rahayu'), 'siti.rahayu');
  });

  test('cuts a long name so that the local part with its number fits the 64 octets of RFC 5321', () => {
    const long = base(`${'Muhammad'.repeat(6)} ${'Abdurrahman'.repeat(4)}`);
    assert.equal(long.length, 59);
    assert.equal(long, `${'muhammad'.repeat(6)}.${'abdurrahman'.slice(0, 10)}`);
    assert.equal(base('A'.repeat(80)), 'a'.repeat(59));
    assert.equal(base(`${'B'.repeat(58)} Candra`), 'b'.repeat(58), 'no dot without a letter after it');
    assert.equal(base(`${'B'.repeat(57)} Candra`), `${'b'.repeat(57)}.c`);
    assert.equal(`${long}99999`.length, 64);
  });

  test('reads titles from the given policy', () => {
    const custom: Policy = { ...policy, titles: ['Siti'] };
    assert.equal(localBase('Siti Rahayu Putri', custom), 'rahayu.putri');
    assert.equal(localBase('Dr. Rahayu', custom), 'dr.rahayu');
  });
});

describe('domainFor', () => {
  test('gives guru, admin and siswa their own domains', () => {
    assert.equal(domainFor('guru', 'smp', policy), 'guru.smp.belajar.id');
    assert.equal(domainFor('admin', 'sd', policy), 'admin.sd.belajar.id');
    assert.equal(domainFor('siswa', 'sma', policy), 'sma.belajar.id');
  });

  test('uses the configured base domain', () => {
    assert.equal(domainFor('guru', 'paud', { ...policy, baseDomain: 'contoh.id' }), 'guru.paud.contoh.id');
  });
});

describe('formatAddress and parseAddress', () => {
  test('formats the local base, number and domain', () => {
    assert.equal(
      formatAddress('siti.rahayu', 12, 'guru.smp.belajar.id'),
      'siti.rahayu12@guru.smp.belajar.id',
    );
  });

  test('parses what formatAddress writes', () => {
    assert.deepEqual(parseAddress('siti.rahayu12@guru.smp.belajar.id'), {
      localBase: 'siti.rahayu',
      number: 12,
      domain: 'guru.smp.belajar.id',
    });
    assert.deepEqual(parseAddress('pengguna99999@sd.belajar.id'), {
      localBase: 'pengguna',
      number: 99999,
      domain: 'sd.belajar.id',
    });
  });

  test('rejects addresses formatAddress could not have written', () => {
    for (const bad of [
      '',
      'siti.rahayu@guru.smp.belajar.id',
      '12@guru.smp.belajar.id',
      'siti.rahayu012@guru.smp.belajar.id',
      'siti.rahayu12@',
      'siti.rahayu12',
      'siti@rahayu12@guru.smp.belajar.id',
      'siti rahayu12@guru.smp.belajar.id',
    ]) {
      assert.equal(parseAddress(bad), null, bad);
    }
  });
});

describe('smallestFreeNumber', () => {
  test('starts at the policy minimum', () => {
    assert.equal(
      smallestFreeNumber(() => false, policy),
      10,
    );
  });

  test('skips taken numbers', () => {
    const taken = new Set([10, 11, 13]);
    assert.equal(
      smallestFreeNumber((n) => taken.has(n), policy),
      12,
    );
  });

  test('throws when every number is taken', () => {
    const small = { ...policy, minAddressNumber: 10, maxAddressNumber: 12 };
    assert.throws(() => smallestFreeNumber(() => true, small), /no free address number/);
  });
});

describe('allocateNumbers', () => {
  test('numbers two Siti Rahayu in one domain 10 and 11', () => {
    const domain = domainFor('guru', 'smp', policy);
    const numbers = allocateNumbers(2, new Set(), policy);
    const addresses = numbers.map((n) => formatAddress(base('Siti Rahayu'), n, domain));
    assert.deepEqual(addresses, ['siti.rahayu10@guru.smp.belajar.id', 'siti.rahayu11@guru.smp.belajar.id']);
  });

  test('skips taken numbers and fills gaps in request order', () => {
    const taken = new Set([10, 12, 13, 15]);
    assert.deepEqual(allocateNumbers(3, taken, policy), [11, 14, 16]);
  });

  test('does not mutate the taken set', () => {
    const taken = new Set([10]);
    allocateNumbers(2, taken, policy);
    assert.deepEqual([...taken], [10]);
  });

  test('returns nothing for no requests', () => {
    assert.deepEqual(allocateNumbers(0, new Set(), policy), []);
  });

  test('throws when the range cannot hold every request', () => {
    const small = { ...policy, minAddressNumber: 10, maxAddressNumber: 12 };
    assert.deepEqual(allocateNumbers(2, new Set([11]), small), [10, 12]);
    assert.throws(() => allocateNumbers(3, new Set([11]), small), /no free address number/);
  });

  test('rejects a negative or fractional count', () => {
    assert.throws(() => allocateNumbers(-1, new Set(), policy), /invalid address count/);
    assert.throws(() => allocateNumbers(1.5, new Set(), policy), /invalid address count/);
  });
});

describe('roleChangeAddress', () => {
  const current = { localBase: 'siti.rahayu', number: 12, domain: 'guru.smp.belajar.id' };
  const targetDomain = 'admin.smp.belajar.id';

  test('returns to an address the account already owned in the target domain', () => {
    const address = roleChangeAddress({
      current,
      targetDomain,
      ownedInTarget: ['siti.rahayu10@admin.smp.belajar.id', 'siti.rahayu14@admin.smp.belajar.id'],
      isTaken: () => true,
      policy,
    });
    assert.equal(address, 'siti.rahayu10@admin.smp.belajar.id');
  });

  test('keeps the local base and number when that number is free in the target domain', () => {
    const taken = new Set([10, 11]);
    const address = roleChangeAddress({
      current,
      targetDomain,
      ownedInTarget: [],
      isTaken: (n) => taken.has(n),
      policy,
    });
    assert.equal(address, 'siti.rahayu12@admin.smp.belajar.id');
  });

  test('takes the smallest free number when the current number is taken in the target domain', () => {
    const taken = new Set([10, 12]);
    const address = roleChangeAddress({
      current,
      targetDomain,
      ownedInTarget: [],
      isTaken: (n) => taken.has(n),
      policy,
    });
    assert.equal(address, 'siti.rahayu11@admin.smp.belajar.id');
  });
});

describe('address properties', () => {
  const nameChar = fc.oneof(
    fc.constantFrom(
      ' ',
      '\t',
      ',',
      '.',
      "'",
      '-',
      'ß',
      'ø',
      'æ',
      'đ',
      'ł',
      'ı',
      'é',
      'Ñ',
      '佐',
      '٠',
      '\u0301',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  );
  const titleOrWord = fc.oneof(
    fc.constantFrom(...policy.titles),
    fc.string({ unit: nameChar, maxLength: 12 }),
  );
  const name = fc.oneof(
    fc.string({ unit: nameChar, maxLength: 100 }),
    fc.array(titleOrWord, { maxLength: 6 }).map((words) => words.join(' ').slice(0, 100)),
  );

  test('localBase is always one or two lower-case ASCII words joined by a dot', () => {
    fc.assert(
      fc.property(name, (nama) => {
        assert.match(localBase(nama, policy), /^[a-z]+(\.[a-z]+)?$/);
      }),
      { numRuns: 2000 },
    );
  });

  test('every address is a mailbox RFC 5321 accepts: ASCII dot-atom, lower case, local part of at most 64 octets', () => {
    const longWord = fc.string({
      unit: fc.constantFrom('a', 'B', 'é', 'ß', 'æ'),
      minLength: 20,
      maxLength: 60,
    });
    const longName = fc.tuple(longWord, longWord).map(([a, b]) => `${a} ${b}`);
    const number = fc.integer({ min: policy.minAddressNumber, max: policy.maxAddressNumber });
    const role = fc.constantFrom(...ACCOUNT_ROLES);
    const jenjang = fc.constantFrom(...JENJANG);
    fc.assert(
      fc.property(fc.oneof(name, longName), number, role, jenjang, (nama, n, r, j) => {
        const address = formatAddress(localBase(nama, policy), n, domainFor(r, j, policy));
        const [local = '', domain = ''] = address.split('@');
        assert.match(local, /^[a-z]+(\.[a-z]+)?[1-9][0-9]{1,4}$/);
        assert.ok(Buffer.byteLength(local) <= 64, `${local} is ${local.length} octets`);
        assert.match(domain, /^[a-z]+(\.[a-z]+)+$/);
        assert.equal(localBase(nama, policy), localBase(nama, policy), 'the same name, the same base');
      }),
      { numRuns: 1000 },
    );
  });

  test('localBase ignores everything after the first comma', () => {
    fc.assert(
      fc.property(name, name, (before, after) => {
        const head = before.replaceAll(',', ' ');
        assert.equal(localBase(`${head},${after}`, policy), localBase(head, policy));
      }),
    );
  });

  test('parseAddress inverts formatAddress for any base, number and domain the functions produce', () => {
    const number = fc.integer({ min: policy.minAddressNumber, max: policy.maxAddressNumber });
    const role = fc.constantFrom(...ACCOUNT_ROLES);
    const jenjang = fc.constantFrom(...JENJANG);
    fc.assert(
      fc.property(name, number, role, jenjang, (nama, n, r, j) => {
        const parts = { localBase: localBase(nama, policy), number: n, domain: domainFor(r, j, policy) };
        const address = formatAddress(parts.localBase, parts.number, parts.domain);
        assert.deepEqual(parseAddress(address), parts);
      }),
      { numRuns: 1000 },
    );
  });

  test('allocateNumbers gives distinct free numbers, each the smallest left at its turn', () => {
    const small = { ...policy, minAddressNumber: 10, maxAddressNumber: 60 };
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 70 })), fc.nat(20), (takenList, count) => {
        const taken = new Set(takenList);
        const free = 51 - takenList.filter((n) => n >= 10 && n <= 60).length;
        if (count > free) {
          assert.throws(() => allocateNumbers(count, taken, small), /no free address number/);
          return;
        }
        const numbers = allocateNumbers(count, taken, small);
        const given = new Set<number>();
        for (const n of numbers) {
          assert.equal(
            n,
            smallestFreeNumber((m) => taken.has(m) || given.has(m), small),
          );
          given.add(n);
        }
      }),
    );
  });
});

describe('TakenNumbers', () => {
  const range = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: -1, max: 40 }));
  const adds = fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 40 });

  test('holds exactly the run it starts with and the numbers added, in any order', () => {
    fc.assert(
      fc.property(range, adds, ([lo, hi], added) => {
        const set = new TakenNumbers(lo, hi);
        const plain = new Set<number>();
        for (let n = lo; n <= hi; n++) plain.add(n);
        for (const n of added) {
          set.add(n);
          plain.add(n);
        }
        for (let n = -2; n <= 70; n++) {
          assert.equal(set.has(n), plain.has(n), `has(${n})`);
          let free = n;
          while (plain.has(free)) free++;
          assert.equal(set.freeFrom(n), free, `freeFrom(${n})`);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('allocateNumbers gives the same numbers from TakenNumbers as from a Set', () => {
    const small = { ...policy, minAddressNumber: 1, maxAddressNumber: 200 };
    fc.assert(
      fc.property(range, adds, fc.nat(30), ([lo, hi], added, count) => {
        const set = new TakenNumbers(lo, hi);
        for (const n of added) set.add(n);
        const plain = new Set<number>(added);
        for (let n = lo; n <= hi; n++) plain.add(n);
        assert.deepEqual(allocateNumbers(count, set, small), allocateNumbers(count, plain, small));
      }),
    );
  });

  test('numbers after a long run and a gap come from past the run', () => {
    const set = new TakenNumbers(1, 1_000_000);
    set.add(1_000_002);
    assert.deepEqual(
      allocateNumbers(2, set, { ...policy, minAddressNumber: 1, maxAddressNumber: 2_000_000 }),
      [1_000_001, 1_000_003],
    );
  });
});
