// Learning-account addresses (DESIGN 2 "Addresses", fine print 1 and 10): the local part built from a
// Dapodik name, the domain of a role and jenjang, and the deterministic choice of the number.
// Pure: callers say which numbers are taken; nothing here reads a store.

import type { AccountRole, Jenjang, Policy } from './policy.js';

export interface ParsedAddress {
  localBase: string;
  number: number;
  domain: string;
}

const COMMA = 0x2c;

// Letters that Unicode canonical decomposition leaves alone, so NFD plus dropping marks cannot
// reach ASCII. Anything not here and not decomposable to a-z is dropped.
const EXTRA_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  ł: 'l',
  Ł: 'l',
  ŀ: 'l',
  Ŀ: 'l',
  ı: 'i',
  ĳ: 'ij',
  Ĳ: 'ij',
  þ: 'th',
  Þ: 'th',
  ŋ: 'ng',
  Ŋ: 'ng',
  ħ: 'h',
  Ħ: 'h',
  ŧ: 't',
  Ŧ: 't',
  ĸ: 'k',
  ſ: 's',
  ŉ: 'n',
  ƒ: 'f',
  ɨ: 'i',
  ʉ: 'u',
};

// What each ASCII code contributes to a token: a lower-case letter, or nothing.
const ASCII_LETTER: readonly string[] = Array.from({ length: 128 }, (_, code) => {
  if (code >= 0x61 && code <= 0x7a) return String.fromCharCode(code);
  if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 0x20);
  return '';
});

// Names repeat the same few non-ASCII letters millions of times; decompose each code unit once.
// Bounded by the 65,536 UTF-16 code units.
const nonAsciiLetters = new Map<number, string>();

function transliterate(code: number): string {
  const cached = nonAsciiLetters.get(code);
  if (cached !== undefined) return cached;
  const ch = String.fromCharCode(code);
  let out = EXTRA_LETTERS[ch];
  if (out === undefined) {
    out = '';
    for (const part of ch.normalize('NFD')) {
      const partCode = part.charCodeAt(0);
      out += partCode < 128 ? ASCII_LETTER[partCode]! : (EXTRA_LETTERS[part] ?? '');
    }
  }
  nonAsciiLetters.set(code, out);
  return out;
}

/** The ASCII lower-case letters a UTF-16 code unit contributes ('' for marks, digits, punctuation, other scripts). */
function lettersOf(code: number): string {
  return code < 128 ? ASCII_LETTER[code]! : transliterate(code);
}

// The code points JavaScript's \s matches, as a lookup rather than a regex per character.
function isSpace(code: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function lettersOnly(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) out += lettersOf(value.charCodeAt(i));
  return out;
}

// Policies are frozen objects built once; key the normalised title set by identity.
const titleSets = new WeakMap<Policy, ReadonlySet<string>>();

function titleSetFor(policy: Policy): ReadonlySet<string> {
  let set = titleSets.get(policy);
  if (set === undefined) {
    set = new Set(policy.titles.map(lettersOnly).filter((title) => title !== ''));
    titleSets.set(policy, set);
  }
  return set;
}

/**
 * RFC 5321 allows 64 octets in a local part; the number after the base takes as many digits as the
 * largest number the policy allows. A name of two long words would otherwise give an address no mail
 * server accepts.
 */
export function maxLocalBaseLength(policy: Policy): number {
  return 64 - String(policy.maxAddressNumber).length;
}

/** `first.second` (or `first`) cut to `max` characters, never ending in the dot. */
function fitted(first: string, second: string, max: number): string {
  if (second === '' || first.length + 2 > max) return first.slice(0, max);
  return first + '.' + second.slice(0, max - first.length - 1);
}

/** The local part without the number, e.g. 'siti.rahayu'; 'pengguna' (policy.fallbackLocal) when the name has no usable letters. */
export function localBase(nama: string, policy: Policy): string {
  const titles = titleSetFor(policy);
  const max = maxLocalBaseLength(policy);
  let first = '';
  let token = '';
  // One pass that stops at the first comma (degrees follow it) or at the second usable token.
  for (let i = 0; i <= nama.length; i++) {
    const code = i < nama.length ? nama.charCodeAt(i) : COMMA;
    if (code === COMMA || isSpace(code)) {
      if (token !== '' && !titles.has(token)) {
        if (first !== '') return fitted(first, token, max);
        first = token;
      }
      if (code === COMMA) break;
      token = '';
    } else {
      token += lettersOf(code);
    }
  }
  return first === '' ? policy.fallbackLocal : fitted(first, '', max);
}

/** guru → guru.<jenjang>.<base>, admin → admin.<jenjang>.<base>, siswa → <jenjang>.<base> */
export function domainFor(role: AccountRole, jenjang: Jenjang, policy: Policy): string {
  switch (role) {
    case 'guru':
    case 'admin':
      return `${role}.${jenjang}.${policy.baseDomain}`;
    case 'siswa':
      return `${jenjang}.${policy.baseDomain}`;
  }
}

export function formatAddress(base: string, num: number, domain: string): string {
  return `${base}${num}@${domain}`;
}

// Base: anything ending in a non-digit; number: digits without a leading zero (as formatAddress
// writes them); domain: the rest after the only '@'.
const ADDRESS = /^([^@\s]*[^@\s\d])(0|[1-9]\d*)@([^@\s]+)$/;

/** Inverse of formatAddress; null for anything formatAddress could not have written. */
export function parseAddress(address: string): ParsedAddress | null {
  const match = ADDRESS.exec(address);
  if (match === null) return null;
  const number = Number(match[2]);
  if (!Number.isSafeInteger(number)) return null;
  return { localBase: match[1]!, number, domain: match[3]! };
}

function exhausted(policy: Policy): Error {
  return new Error(
    `no free address number left between ${policy.minAddressNumber} and ${policy.maxAddressNumber}`,
  );
}

/** Smallest n in [policy.minAddressNumber, policy.maxAddressNumber] with !isTaken(n); throws Error if none. */
export function smallestFreeNumber(isTaken: (n: number) => boolean, policy: Policy): number {
  for (let n = policy.minAddressNumber; n <= policy.maxAddressNumber; n++) {
    if (!isTaken(n)) return n;
  }
  throw exhausted(policy);
}

/**
 * Numbers for several new addresses sharing one (domain, base): requests are numbered in the order given
 * (the caller sorts them by person id), each taking the smallest number not in `taken` and not given to an
 * earlier request. Returns the numbers in request order. Does not mutate `taken`.
 */
export function allocateNumbers(count: number, taken: NumberSet, policy: Policy): number[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`invalid address count: ${count}`);
  const numbers: number[] = [];
  // Walking upwards and skipping `taken` gives each request the smallest number left, because every
  // number below the walk is either taken or already given out.
  for (let n = freeFrom(taken, policy.minAddressNumber); numbers.length < count; n = freeFrom(taken, n + 1)) {
    if (n > policy.maxAddressNumber) throw exhausted(policy);
    numbers.push(n);
  }
  return numbers;
}

/** Numbers already issued in one (domain, local base): a Set, or TakenNumbers. */
export interface NumberSet {
  has(n: number): boolean;
  /** The smallest number from n on that is not in the set. */
  freeFrom?(n: number): number;
}

function freeFrom(set: NumberSet, n: number): number {
  if (set.freeFrom) return set.freeFrom(n);
  let m = n;
  while (set.has(m)) m++;
  return m;
}

/**
 * The numbers issued in one (domain, local base), as the store reports them: a run [lo, hi] with no gap
 * (how numbers are handed out, smallest free first) plus any others. A common name's group holds
 * thousands of numbers at national scale; the run keeps them without a set entry each, and the walk to
 * the next free number jumps over it.
 */
export class TakenNumbers implements NumberSet {
  private readonly others = new Set<number>();

  /** An empty set when hi < lo. */
  constructor(
    private lo = 1,
    private hi = 0,
  ) {}

  static of(numbers: Iterable<number>): TakenNumbers {
    const set = new TakenNumbers();
    for (const n of numbers) set.add(n);
    return set;
  }

  has(n: number): boolean {
    return (n >= this.lo && n <= this.hi) || this.others.has(n);
  }

  add(n: number): void {
    if (this.hi < this.lo) {
      this.lo = n;
      this.hi = n;
    } else if (n === this.hi + 1) {
      this.hi = n;
      while (this.others.delete(this.hi + 1)) this.hi++;
    } else if (n === this.lo - 1) {
      this.lo = n;
      while (this.others.delete(this.lo - 1)) this.lo--;
    } else if (!this.has(n)) this.others.add(n);
  }

  freeFrom(n: number): number {
    let m = n;
    for (;;) {
      if (m >= this.lo && m <= this.hi) m = this.hi + 1;
      else if (this.others.has(m)) m++;
      else return m;
    }
  }
}

/**
 * On a role change (guru <-> admin) the new primary address in `targetDomain` is: an address the account
 * already owned in that domain (the first of `ownedInTarget`, which the caller orders by issue), else the same
 * local base and number as the current primary if that number is free in the target domain, else the smallest
 * free number for the current local base in the target domain.
 */
export function roleChangeAddress(input: {
  current: ParsedAddress;
  targetDomain: string;
  ownedInTarget: readonly string[];
  /** Numbers taken for current.localBase in targetDomain. */
  isTaken: (n: number) => boolean;
  policy: Policy;
}): string {
  const { current, targetDomain, ownedInTarget, isTaken, policy } = input;
  const owned = ownedInTarget[0];
  if (owned !== undefined) return owned;
  const number = isTaken(current.number) ? smallestFreeNumber(isTaken, policy) : current.number;
  return formatAddress(current.localBase, number, targetDomain);
}
