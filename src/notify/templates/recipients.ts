// Who a message goes to: every address once, and nothing that cannot be delivered.

const PLAUSIBLE_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Trimmed, first spelling kept, compared case-insensitively. Anything that cannot be an address
 * (Dapodik's email column holds '-' or 'tidak ada' often enough) is skipped rather than bounced.
 */
export function uniqueAddresses(addresses: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of addresses) {
    const address = raw.trim();
    const key = address.toLowerCase();
    if (!PLAUSIBLE_ADDRESS.test(address) || seen.has(key)) continue;
    seen.add(key);
    out.push(address);
  }
  return out;
}
