// Identifiers in the shapes Dapodik uses. Uniqueness comes from counters passed through
// bijections, never from luck: at a million rows a 10-digit random NISN would collide dozens
// of times.

import { mix32, type Prng } from './random-source.js';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const TWO_DIGITS: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

function hex8(w: number): string {
  return HEX[w >>> 24]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
}

export function twoDigits(n: number): string {
  return TWO_DIGITS[n]!;
}

/**
 * Mints UUID-shaped ids (version 4 layout). The first 32 bits are a bijection of a counter, so
 * ids from one minter never repeat; the other bits come from the PRNG.
 */
export class IdMinter {
  private counter = 0;

  constructor(
    private readonly rng: Prng,
    private readonly salt: number,
  ) {}

  next(): string {
    const w0 = mix32((this.counter++ ^ this.salt) >>> 0);
    const w1 = this.rng.nextUint32();
    const w2 = this.rng.nextUint32();
    const w3 = this.rng.nextUint32();
    const mid = hex8(((w1 & 0xffff0fff) | 0x4000) >>> 0);
    const tail = hex8(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
    return `${hex8(w0)}-${mid.slice(0, 4)}-${mid.slice(4)}-${tail.slice(0, 4)}-${tail.slice(4)}${hex8(w3)}`;
  }
}

/** `n` random decimal digits (leading zeros allowed). */
export function digits(rng: Prng, n: number): string {
  let out = '';
  while (out.length < n) out += String(rng.int(1e9)).padStart(9, '0');
  return out.slice(0, n);
}

/** Serials that are a permutation of a counter, so they look scattered but never repeat. */
export class ScatteredSerials {
  private counter = 0;

  constructor(
    private readonly size: number,
    private readonly multiplier: number,
    private readonly offset: number,
  ) {}

  next(): number {
    if (this.counter >= this.size) throw new Error(`serial space of ${this.size} exhausted`);
    return (this.multiplier * this.counter++ + this.offset) % this.size;
  }
}

/** NPSN: 8 digits, unique, first digit 1–9. */
export class NpsnMinter {
  private readonly serials: ScatteredSerials;

  constructor(rng: Prng) {
    // 7_777_777 shares no factor with 9e7 = 2^7 * 3^2 * 5^7, so the map is a permutation.
    this.serials = new ScatteredSerials(90_000_000, 7_777_777, rng.int(90_000_000));
  }

  next(): string {
    return String(10_000_000 + this.serials.next());
  }
}

/** NISN: the last three digits of the birth year, then a 7-digit serial unique within that year. */
export class NisnMinter {
  private readonly byYear = new Map<number, ScatteredSerials>();

  constructor(private readonly rng: Prng) {}

  next(birthYear: number): string {
    let serials = this.byYear.get(birthYear);
    if (!serials) {
      // 3_141_593 is odd and not a multiple of 5: a permutation of [0, 1e7).
      serials = new ScatteredSerials(10_000_000, 3_141_593, this.rng.int(10_000_000));
      this.byYear.set(birthYear, serials);
    }
    return String(birthYear % 1000).padStart(3, '0') + String(serials.next()).padStart(7, '0');
  }
}

export interface BirthDate {
  year: number;
  month: number;
  day: number;
  iso: string;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

export function randomDate(rng: Prng, year: number): BirthDate {
  const month = rng.between(1, 12);
  const day = rng.between(1, daysInMonth(year, month));
  return { year, month, day, iso: `${year}-${twoDigits(month)}-${twoDigits(day)}` };
}

/** NIK: region (6), birth day (+40 for women), month, two-digit year, then a 4-digit serial. */
export function nik(rng: Prng, kodeWilayah: string, birth: BirthDate, female: boolean): string {
  const day = twoDigits(birth.day + (female ? 40 : 0));
  const serial = String(rng.between(1, 9999)).padStart(4, '0');
  return `${kodeWilayah}${day}${twoDigits(birth.month)}${twoDigits(birth.year % 100)}${serial}`;
}

/** NIP: birth date, TMT (year and month of appointment), sex (1 man, 2 woman), serial. */
export function nip(rng: Prng, birth: BirthDate, female: boolean, latestYear: number): string {
  const tmtYear = Math.min(birth.year + rng.between(23, 32), latestYear);
  const tmt = `${tmtYear}${twoDigits(rng.between(1, 12))}`;
  const serial = String(rng.between(1, 999)).padStart(3, '0');
  return `${birth.iso.replaceAll('-', '')}${tmt}${female ? '2' : '1'}${serial}`;
}

/** NUPTK: 16 digits, no leading zero. */
export function nuptk(rng: Prng): string {
  return String(rng.between(1, 9)) + digits(rng, 15);
}

/** Adds days to a YYYY-MM-DD date (negative to go back). */
export function addDays(iso: string, days: number): string {
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The same day `months` later, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${year}-${twoDigits(month)}-${twoDigits(day)}`;
}
