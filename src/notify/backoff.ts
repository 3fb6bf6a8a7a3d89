// When a temporarily failed message is tried again: capped exponential backoff with jitter. The jitter
// comes from a hash of the row and the attempt, not from Math.random, so a run is reproducible in
// tests and still spreads a whole batch that failed together (a server outage) over time.

export interface BackoffPolicy {
  /** Delay after the first failure before jitter. */
  baseMs: number;
  /** No delay exceeds this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ baseMs: 30_000, capMs: 60 * 60_000 });

/**
 * The wait after `attempts` failed attempts (1 for the first failure) of outbox row `rowId`:
 * min(cap, base·2^(attempts−1)) scaled by a jitter in [0.5, 1).
 */
export function retryDelayMs(
  rowId: number,
  attempts: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling * (0.5 + 0.5 * unitHash(`${rowId}:${attempts}`)));
}

/** FNV-1a over the string, as a fraction in [0, 1). */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}
