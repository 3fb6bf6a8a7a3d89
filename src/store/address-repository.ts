// Every address ever issued. Rows are only ever inserted: an address never changes owner and is
// never issued again (DESIGN 2, "Addresses").
import type { Kysely } from 'kysely';
import { TakenNumbers } from '../domain/address.js';
import type { BulkWriter } from './bulk.js';
import type { Executor } from './person-repository.js';
import type { AddressesTable, Database } from './schema.js';

export function createAddressRepository(db: Kysely<Database>, bulk: BulkWriter) {
  return {
    /**
     * Numbers already issued per `${domain}|${base}` for the given groups. Each group is first asked
     * for its count and range from the index alone; only a group with gaps in its range (a role change
     * that kept its number) has its numbers listed.
     */
    async takenNumbers(groups: { domain: string; base: string }[]): Promise<Map<string, TakenNumbers>> {
      const out = new Map<string, TakenNumbers>();
      for (const g of groups) out.set(`${g.domain}|${g.base}`, new TakenNumbers());
      const bases = [...new Set(groups.map((g) => g.base))];
      const gapped: { domain: string; base: string }[] = [];
      for (let i = 0; i < bases.length; i += 1000) {
        const rows = await db
          .selectFrom('addresses')
          .select(({ fn }) => [
            'domain',
            'local_base',
            fn.countAll<number | string>().as('n'),
            fn.min('number').as('lo'),
            fn.max('number').as('hi'),
          ])
          .where('local_base', 'in', bases.slice(i, i + 1000))
          .groupBy(['local_base', 'domain'])
          .execute();
        for (const r of rows) {
          const key = `${r.domain}|${r.local_base}`;
          if (!out.has(key)) continue;
          const [lo, hi] = [Number(r.lo), Number(r.hi)];
          if (Number(r.n) === hi - lo + 1) out.set(key, new TakenNumbers(lo, hi));
          else gapped.push({ domain: r.domain, base: r.local_base });
        }
      }
      for (const g of gapped) {
        const rows = await db
          .selectFrom('addresses')
          .select('number')
          .where('local_base', '=', g.base)
          .where('domain', '=', g.domain)
          .execute();
        out.set(`${g.domain}|${g.base}`, TakenNumbers.of(rows.map((r) => Number(r.number))));
      }
      return out;
    },

    /** Addresses an account owns in a domain, oldest first. */
    async ownedIn(accountId: number, domain: string): Promise<string[]> {
      const rows = await db
        .selectFrom('addresses')
        .select('address')
        .where('account_id', '=', accountId)
        .where('domain', '=', domain)
        .orderBy('issued_run_id')
        .orderBy('address')
        .execute();
      return rows.map((r) => r.address);
    },

    async ofAccount(accountId: number): Promise<AddressesTable[]> {
      return db
        .selectFrom('addresses')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('issued_run_id')
        .execute();
    },

    async find(address: string): Promise<AddressesTable | undefined> {
      return db.selectFrom('addresses').selectAll().where('address', '=', address).executeTakeFirst();
    },

    async insert(trx: Executor, rows: AddressesTable[]): Promise<void> {
      await bulk.insert(trx, 'addresses', rows);
    },

    /** The old primary becomes an alias when the account takes a new one. */
    async markAliases(trx: Executor, addresses: string[]): Promise<void> {
      for (let i = 0; i < addresses.length; i += 500) {
        await trx
          .updateTable('addresses')
          .set({ kind: 'alias' })
          .where('address', 'in', addresses.slice(i, i + 500))
          .execute();
      }
    },

    /** Reserved addresses of an approved held plan become the new accounts' primaries. */
    async claim(trx: Executor, claims: { address: string; accountId: number }[]): Promise<void> {
      for (const c of claims) {
        await trx
          .updateTable('addresses')
          .set({ account_id: c.accountId, kind: 'primary' })
          .where('address', '=', c.address)
          .execute();
      }
    },

    async markPrimary(trx: Executor, addresses: string[]): Promise<void> {
      for (let i = 0; i < addresses.length; i += 500) {
        await trx
          .updateTable('addresses')
          .set({ kind: 'primary' })
          .where('address', 'in', addresses.slice(i, i + 500))
          .execute();
      }
    },
  };
}

export type AddressRepository = ReturnType<typeof createAddressRepository>;
