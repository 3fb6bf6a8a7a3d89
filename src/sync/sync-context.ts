// What a run knows about schools and scope, turned into the questions the domain asks.
import type { Selectable } from 'kysely';
import type { ClassifyContext } from '../domain/classify.js';
import type { SchoolFacts } from '../domain/desired.js';
import { jenjangOf, type Policy } from '../domain/policy.js';
import type { Manifest, SchoolRecord } from '../domain/records.js';
import type { SchoolsTable } from '../store/schema.js';

export interface SchoolView {
  /** Schools of this extract that are in scope. */
  fresh: Map<string, SchoolRecord>;
  /** Schools as last applied. */
  known: Map<string, Selectable<SchoolsTable>>;
  /** Schools named by at least one row of this extract. */
  named: Set<string>;
}

export function inScopeTest(manifest: Manifest, view: SchoolView): (npsn: string) => boolean {
  const failed = new Set(manifest.failedNpsn);
  const scope = manifest.scope;
  if (scope.kind === 'national') return (npsn) => !failed.has(npsn);
  if (scope.kind === 'sekolah') {
    const listed = new Set(scope.npsn);
    return (npsn) => listed.has(npsn) && !failed.has(npsn);
  }
  const codes = scope.codes;
  return (npsn) => {
    if (failed.has(npsn)) return false;
    const wilayah = view.fresh.get(npsn)?.kodeWilayah ?? view.known.get(npsn)?.kode_wilayah ?? '';
    return codes.some((code) => wilayah.startsWith(code));
  };
}

export function buildContext(manifest: Manifest, view: SchoolView, policy: Policy): ClassifyContext {
  const inScope = inScopeTest(manifest, view);
  const facts = new Map<string, SchoolFacts>();
  const schoolOf = (npsn: string): SchoolFacts | undefined => {
    const cached = facts.get(npsn);
    if (cached) return cached;
    const fresh = inScope(npsn) ? view.fresh.get(npsn) : undefined;
    const known = view.known.get(npsn);
    let out: SchoolFacts | undefined;
    if (fresh)
      out = { npsn, jenjang: jenjangOf(fresh.bentukPendidikan, policy), kodeWilayah: fresh.kodeWilayah };
    else if (known)
      out = { npsn, jenjang: jenjangOf(known.bentuk_pendidikan, policy), kodeWilayah: known.kode_wilayah };
    if (out) facts.set(npsn, out);
    return out;
  };
  return {
    policy,
    takenAt: manifest.takenAt,
    national: manifest.scope.kind === 'national' && manifest.failedNpsn.length === 0,
    inScope,
    schoolOf,
    isClosed: (npsn) =>
      inScope(npsn) && !view.fresh.has(npsn) && view.known.get(npsn)?.present === 1 && !view.named.has(npsn),
  };
}

/** Schools whose bentuk_pendidikan is not in the table: kept, counted, never deactivating. */
export function unknownBentukSchools(view: SchoolView, policy: Policy): string[] {
  return [...view.fresh.values()]
    .filter((s) => jenjangOf(s.bentukPendidikan, policy) === null)
    .map((s) => s.npsn);
}
