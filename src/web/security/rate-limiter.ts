// Fixed-window counters in memory, one limiter per kind of bucket (a client, a login, an NPSN, a
// token). In one process this is exact; several `serve` processes each count on their own, which a
// reverse proxy's limit in front of them complements. The table is swept as windows pass, so a flood
// of distinct keys cannot grow it without bound.
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly counts = new Map<string, { windowStart: number; n: number }>();
  private lastSweep = 0;

  constructor(
    readonly rule: RateLimit,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one hit; false when the key is over its limit in this window. */
  hit(key: string): boolean {
    const entry = this.current(key);
    entry.n += 1;
    return entry.n <= this.rule.limit;
  }

  /** Whether one more hit would pass, without counting it. */
  allows(key: string): boolean {
    return this.current(key).n < this.rule.limit;
  }

  reset(key: string): void {
    this.counts.delete(key);
  }

  /** Seconds until the key's window ends, for Retry-After. */
  retryAfter(key: string): number {
    const entry = this.counts.get(key);
    if (!entry) return 0;
    return Math.max(1, Math.ceil((entry.windowStart + this.rule.windowMs - this.now()) / 1000));
  }

  private current(key: string): { windowStart: number; n: number } {
    const now = this.now();
    this.sweep(now);
    let entry = this.counts.get(key);
    if (!entry || now - entry.windowStart >= this.rule.windowMs) {
      entry = { windowStart: now, n: 0 };
      this.counts.set(key, entry);
    }
    return entry;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.rule.windowMs && this.counts.size < this.maxKeys) return;
    this.lastSweep = now;
    for (const [key, entry] of this.counts) {
      if (now - entry.windowStart >= this.rule.windowMs) this.counts.delete(key);
    }
    // Still full of live keys (a flood): forget the oldest half rather than grow without bound.
    if (this.counts.size >= this.maxKeys) {
      let drop = this.counts.size / 2;
      for (const key of this.counts.keys()) {
        if (drop-- <= 0) break;
        this.counts.delete(key);
      }
    }
  }
}
