// The screening pass: one narrow read of each partition's persons (identity keys, the hash of their
// rows as last applied, the schools they name) decides who needs a closer look, and matches
// re-keyed persons (DESIGN 2, "Who is a person"): when a key vanishes and a new key appears in the
// same run with the same NISN (pupils) or the same NIK and birth date (PTK), it is the same person.
// Both ends of a re-key usually sit in different partitions, so matching waits for the whole pass.
import type { PersonRow } from '../domain/records.js';
import type { PersonKeys, PersonRepository } from '../store/person-repository.js';
import { type PartitionRange, type PartitionRows, readAhead } from './partitions.js';
import { rowsHash } from './row-hash.js';

/** Partitions whose store reads run ahead of the one being screened. */
const READ_AHEAD = 4;

export interface Rekeys {
  /** new person id → old person id */
  byNew: Map<string, string>;
  /** old person id → new person id */
  byOld: Map<string, string>;
}

/** Who a partition's classification must look at. Everyone else is unchanged. */
export interface PartitionWork {
  /**
   * Persons to classify; `all` for every person of the partition's rows, when the store holds none of
   * the partition's candidates (a first load): a national first load keeps no id per person here.
   */
  ids: ReadonlySet<string> | 'all';
  /** Of those, the ones whose full state must be read from the store. */
  known: string[];
}

export interface Screening {
  rekeys: Rekeys;
  work: Map<number, PartitionWork>;
}

/** What the screening reads of one partition: the store's narrow view and this extract's rows. */
export interface PartitionInput {
  known: PersonKeys[];
  rows: Map<string, PersonRow[]>;
}

export interface ScreenInput {
  persons: PersonRepository;
  partitions: PartitionRows;
  /**
   * Where a partition's input comes from; by default every person of the partition in the store and
   * every row of it in the extract. The byte scan passes only the persons it could not rule out.
   */
  partitionInput?: (range: PartitionRange) => Promise<PartitionInput>;
  ranges: PartitionRange[];
  inScope: (npsn: string) => boolean;
  hasRejects: (personId: string) => boolean;
  /** Persons with an exit that waits: looked at every run. */
  waiting: ReadonlySet<string>;
  /**
   * The store held nobody when the run began: nobody can have vanished, so every partition is `all`
   * and none is read (a first load would hold an identity per person in one Map, and parse every row
   * once more).
   */
  storeEmpty?: boolean;
}

function identityOf(kind: string, nisn: string, nik: string, tanggalLahir: string): string | null {
  if (kind === 'pd') return nisn ? `pd|${nisn}` : null;
  return nik && tanggalLahir ? `ptk|${nik}|${tanggalLahir}` : null;
}

function rowIdentity(row: PersonRow): string | null {
  return identityOf(row.kind, row.kind === 'pd' ? row.nisn : '', row.nik, row.tanggalLahir);
}

export async function screen(input: ScreenInput): Promise<Screening> {
  // identity → person id, or null when two share it (then nobody is matched).
  const vanished = new Map<string, string | null>();
  const newcomers = new Map<string, string | null>();
  const work = new Map<number, PartitionWork>();
  if (input.storeEmpty) {
    // An empty store: everyone is new, and nobody vanished to be matched. Nothing to read (reading
    // a first national load's rows here was a third parse of the extract: 35 s at 5 M).
    for (const range of input.ranges) work.set(range.index, { ids: 'all', known: [] });
    return { rekeys: match(vanished, newcomers), work };
  }
  const read =
    input.partitionInput ??
    (async (range: PartitionRange) => ({
      known: await input.persons.screenRange(range.from, range.to),
      rows: input.partitions.byPerson(range.index),
    }));
  const ahead = readAhead(input.ranges, read, READ_AHEAD);
  for (const [position, range] of input.ranges.entries()) {
    const { known, rows } = await ahead(position);
    if (known.length === 0) {
      // Everyone in the rows is new to the store: named as `all`, not one by one.
      work.set(range.index, { ids: 'all', known: [] });
      for (const [personId, list] of rows) addUnique(newcomers, rowIdentity(list[0]!), personId);
      continue;
    }
    const ids = new Set<string>();
    const part: PartitionWork = { ids, known: [] };
    const knownIds = new Set<string>();
    for (const k of known) {
      knownIds.add(k.personId);
      const verdict = judgePerson(k, rows.get(k.personId), input);
      if (verdict === 'skip') continue;
      ids.add(k.personId);
      part.known.push(k.personId);
      if (verdict === 'vanished')
        addUnique(vanished, identityOf(k.kind, k.nisn, k.nik, k.tanggalLahir), k.personId);
    }
    for (const [personId, list] of rows) {
      if (knownIds.has(personId)) continue;
      ids.add(personId);
      addUnique(newcomers, rowIdentity(list[0]!), personId);
    }
    work.set(range.index, part);
  }
  return { rekeys: match(vanished, newcomers), work };
}

/**
 * 'skip': unchanged, or nothing of theirs is in scope. 'vanished': gone from an extract that speaks
 * for all their schools (a re-key candidate). 'read': anything else that may have changed.
 */
export function judgePerson(
  k: PersonKeys,
  fresh: PersonRow[] | undefined,
  input: Pick<ScreenInput, 'inScope' | 'hasRejects' | 'waiting'>,
): 'skip' | 'vanished' | 'read' {
  const outside = k.npsns.filter((npsn) => !input.inScope(npsn)).length;
  const flagged = input.waiting.has(k.personId) || input.hasRejects(k.personId);
  if (!fresh) {
    if (flagged) return 'read';
    if (k.npsns.length > 0 && outside === k.npsns.length) return 'skip';
    return outside === 0 && k.npsns.length > 0 ? 'vanished' : 'read';
  }
  if (flagged || outside > 0 || k.rowsHash === '') return 'read';
  return rowsHash(fresh.filter((row) => input.inScope(row.npsn))) === k.rowsHash ? 'skip' : 'read';
}

function match(vanished: Map<string, string | null>, newcomers: Map<string, string | null>): Rekeys {
  const rekeys: Rekeys = { byNew: new Map(), byOld: new Map() };
  for (const [identity, newId] of newcomers) {
    const oldId = vanished.get(identity);
    if (!newId || !oldId) continue;
    rekeys.byNew.set(newId, oldId);
    rekeys.byOld.set(oldId, newId);
  }
  return rekeys;
}

function addUnique(map: Map<string, string | null>, identity: string | null, personId: string): void {
  if (identity === null) return;
  map.set(identity, map.has(identity) ? null : personId);
}
