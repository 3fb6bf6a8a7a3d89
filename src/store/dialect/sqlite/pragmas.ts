// The settings every writing connection to a store file runs with (sqlite-store.ts, load-worker.ts),
// and the page cache each connection is given.
export const WRITER_PRAGMAS = [
  'journal_mode = WAL',
  // WAL with NORMAL survives a process crash; only a power loss can drop the last commits.
  'synchronous = NORMAL',
  'busy_timeout = 5000',
  'temp_store = MEMORY',
  // Rows are written in bulk and in partition order; referential checks belong to the sync.
  'foreign_keys = OFF',
];

/** The pragma that gives a connection a page cache of `mb` MiB (a negative cache_size is in KiB). */
export function cacheSizePragma(mb: number): string {
  return `cache_size = ${-Math.round(mb * 1024)}`;
}
