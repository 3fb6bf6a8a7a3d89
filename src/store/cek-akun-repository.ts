// The public Cek Akun look-up. It reads only what the page may show: a candidate's name (compared
// outside SQL, see domain/person-name.ts) and the person's accounts with their schedule. NIK, NISN,
// birth date and personal email are used as filters at most and are never selected.
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

export interface CekAkunCandidate {
  person_id: string;
  nama: string;
}

export interface CekAkunQuery {
  kind: 'ptk' | 'pd';
  npsn: string;
  tanggalLahir: string;
}

export interface CekAkunAccountRow {
  id: number;
  primary_address: string;
  status: string;
  jenjang: string;
  role: string;
  npsn: string;
  school_name: string | null;
  status_since: string;
  deactivate_reason: string | null;
  suspend_on: string | null;
  delete_on: string | null;
  continuation_deadline: string | null;
  waiting_since: string | null;
  waiting_reason: string | null;
}

export function createCekAkunRepository(db: Kysely<Database>) {
  return {
    /**
     * Persons of that kind born on that date who have an account at the school, or whose Dapodik rows
     * name it. The first path goes through the accounts' NPSN index; the second reads the comma list
     * `persons.npsns` (kept for people whose account is elsewhere, e.g. a teacher at two schools).
     */
    async candidates(q: CekAkunQuery): Promise<CekAkunCandidate[]> {
      const byAccount = await db
        .selectFrom('persons')
        .select(['persons.person_id', 'persons.nama'])
        .where('persons.kind', '=', q.kind)
        .where('persons.tanggal_lahir', '=', q.tanggalLahir)
        .where('persons.person_id', 'in', (eb) =>
          eb
            .selectFrom('accounts')
            .select('accounts.person_id')
            .where('accounts.npsn', '=', q.npsn)
            .where('accounts.person_kind', '=', q.kind),
        )
        .execute();
      // The NPSN is validated as 8 letters or digits, so it holds no LIKE wildcard.
      const byRows = await db
        .selectFrom('persons')
        .select(['persons.person_id', 'persons.nama'])
        .where('persons.kind', '=', q.kind)
        .where('persons.tanggal_lahir', '=', q.tanggalLahir)
        .where(sql<boolean>`(',' || persons.npsns || ',') like ${`%,${q.npsn},%`}`)
        .execute();
      const seen = new Map<string, CekAkunCandidate>();
      for (const row of [...byAccount, ...byRows]) seen.set(row.person_id, row);
      return [...seen.values()];
    },

    /** The persons' accounts that still exist (not deleted), with their school's name. */
    async accountsOf(personIds: readonly string[]): Promise<CekAkunAccountRow[]> {
      if (personIds.length === 0) return [];
      return db
        .selectFrom('accounts')
        .leftJoin('schools', 'schools.npsn', 'accounts.npsn')
        .select([
          'accounts.id',
          'accounts.primary_address',
          'accounts.status',
          'accounts.jenjang',
          'accounts.role',
          'accounts.npsn',
          'schools.nama as school_name',
          'accounts.status_since',
          'accounts.deactivate_reason',
          'accounts.suspend_on',
          'accounts.delete_on',
          'accounts.continuation_deadline',
          'accounts.waiting_since',
          'accounts.waiting_reason',
        ])
        .where('accounts.person_id', 'in', [...personIds])
        .where('accounts.status', '<>', 'deleted')
        .orderBy('accounts.id')
        .execute();
    },
  };
}

export type CekAkunRepository = ReturnType<typeof createCekAkunRepository>;
