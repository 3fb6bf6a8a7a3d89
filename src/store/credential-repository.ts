// Sealed initial passwords, one per account (security/credential-vault.ts seals and opens them).
import type { Kysely, Selectable } from 'kysely';
import type { BulkWriter } from './bulk.js';
import type { Executor } from './person-repository.js';
import type { AccountCredentialsTable, Database } from './schema.js';

export type CredentialRow = Selectable<AccountCredentialsTable>;

export function createCredentialRepository(db: Kysely<Database>, bulk: BulkWriter) {
  return {
    /** Inside the batch that creates the accounts. */
    async insert(trx: Executor, rows: AccountCredentialsTable[]): Promise<void> {
      if (rows.length === 0) return;
      await bulk.insert(trx, 'account_credentials', rows);
    },

    async ofAccounts(accountIds: readonly number[]): Promise<CredentialRow[]> {
      if (accountIds.length === 0) return [];
      const out: CredentialRow[] = [];
      for (let i = 0; i < accountIds.length; i += 1000) {
        const chunk = accountIds.slice(i, i + 1000);
        out.push(
          ...(await db
            .selectFrom('account_credentials')
            .selectAll()
            .where('account_id', 'in', chunk)
            .execute()),
        );
      }
      return out;
    },

    async markDownloaded(
      trx: Executor,
      accountIds: readonly number[],
      at: string,
      by: string,
    ): Promise<void> {
      for (let i = 0; i < accountIds.length; i += 1000) {
        await trx
          .updateTable('account_credentials')
          .set({ downloaded_at: at, downloaded_by: by })
          .where('account_id', 'in', accountIds.slice(i, i + 1000))
          .execute();
      }
    },
  };
}

export type CredentialRepository = ReturnType<typeof createCredentialRepository>;
