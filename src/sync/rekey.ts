// "Who is a person" (DESIGN 2): when a key vanishes and a new key appears in the same run with the
// same NISN (pupils) or the same NIK and birth date (PTK), it is the same person re-keyed. Both ends
// usually sit in different partitions, so this runs as a light pass over every partition first.
import type { PersonRow } from '../domain/records.js';
import type { PersonKeys, PersonRepository } from '../store/person-repository.js';
import type { PartitionRange, RowPartitions } from './partitions.js';

export interface Rekeys {
  /** new person id → old person id */
  byNew: Map<string, string>;
  /** old person id → new person id */
  byOld: Map<string, string>;
}

function identityOf(kind: string, nisn: string, nik: string, tanggalLahir: string): string | null {
  if (kind === 'pd') return nisn ? `pd|${nisn}` : null;
  return nik && tanggalLahir ? `ptk|${nik}|${tanggalLahir}` : null;
}

function rowIdentity(row: PersonRow): string | null {
  return identityOf(row.kind, row.kind === 'pd' ? row.nisn : '', row.nik, row.tanggalLahir);
}

export async function findRekeys(input: {
  persons: PersonRepository;
  partitions: RowPartitions;
  ranges: PartitionRange[];
  inScope: (npsn: string) => boolean;
  hasRejects: (personId: string) => boolean;
  drop: (row: PersonRow) => boolean;
}): Promise<Rekeys> {
  const rekeys: Rekeys = { byNew: new Map(), byOld: new Map() };
  if (!(await input.persons.hasAnyPerson())) return rekeys;
  // identity → old id, or null when two vanished persons share it (then nobody is matched).
  const vanished = new Map<string, string | null>();
  const newcomers = new Map<string, string | null>();
  for (const range of input.ranges) {
    const known = await input.persons.screenRange(range.from, range.to);
    const rows = input.partitions.byPerson(range.index, input.drop);
    const knownIds = new Set(known.map((k) => k.personId));
    for (const k of known) {
      if (rows.has(k.personId) || !isWhollyInScope(k, input.inScope) || input.hasRejects(k.personId))
        continue;
      addUnique(vanished, identityOf(k.kind, k.nisn, k.nik, k.tanggalLahir), k.personId);
    }
    for (const [personId, list] of rows) {
      if (!knownIds.has(personId)) addUnique(newcomers, rowIdentity(list[0]!), personId);
    }
  }
  for (const [identity, newId] of newcomers) {
    const oldId = vanished.get(identity);
    if (!newId || !oldId) continue;
    rekeys.byNew.set(newId, oldId);
    rekeys.byOld.set(oldId, newId);
  }
  return rekeys;
}

function isWhollyInScope(k: PersonKeys, inScope: (npsn: string) => boolean): boolean {
  return k.npsns.length > 0 && k.npsns.every(inScope);
}

function addUnique(map: Map<string, string | null>, identity: string | null, personId: string): void {
  if (identity === null) return;
  map.set(identity, map.has(identity) ? null : personId);
}
