// Operators, API tokens and web sessions. Secrets never reach this file in the clear: passwords are
// scrypt hashes, token secrets and session ids SHA-256 hashes.
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Database, OperatorsTable } from './schema.js';

export type OperatorRow = Selectable<OperatorsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

export function createOperatorRepository(db: Kysely<Database>) {
  return {
    async addOperator(row: OperatorsTable): Promise<void> {
      await db.insertInto('operators').values(row).execute();
    },

    async setPassword(login: string, passwordHash: string): Promise<number> {
      const result = await db
        .updateTable('operators')
        .set({ password_hash: passwordHash })
        .where('login', '=', login)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async operator(login: string): Promise<OperatorRow | undefined> {
      return db.selectFrom('operators').selectAll().where('login', '=', login).executeTakeFirst();
    },

    async operators(): Promise<OperatorRow[]> {
      return db.selectFrom('operators').selectAll().orderBy('login').execute();
    },

    async addToken(row: ApiTokensTable): Promise<void> {
      await db.insertInto('api_tokens').values(row).execute();
    },

    async token(id: string): Promise<ApiTokenRow | undefined> {
      return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async tokens(): Promise<ApiTokenRow[]> {
      return db.selectFrom('api_tokens').selectAll().orderBy('created_at').execute();
    },

    async revokeToken(id: string, at: string): Promise<number> {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async touchToken(id: string, at: string): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },

    async addSession(idHash: string, login: string, createdAt: string, expiresAt: string): Promise<void> {
      await db
        .insertInto('web_sessions')
        .values({ id_hash: idHash, login, created_at: createdAt, expires_at: expiresAt })
        .execute();
    },

    /** The session's operator, when the session exists, has not expired and the operator is enabled. */
    async sessionOperator(idHash: string, now: string): Promise<OperatorRow | undefined> {
      return db
        .selectFrom('web_sessions')
        .innerJoin('operators', 'operators.login', 'web_sessions.login')
        .selectAll('operators')
        .where('web_sessions.id_hash', '=', idHash)
        .where('web_sessions.expires_at', '>', now)
        .where('operators.disabled', '=', 0)
        .executeTakeFirst();
    },

    async deleteSession(idHash: string): Promise<void> {
      await db.deleteFrom('web_sessions').where('id_hash', '=', idHash).execute();
    },

    async deleteExpiredSessions(now: string): Promise<void> {
      await db.deleteFrom('web_sessions').where('expires_at', '<=', now).execute();
    },
  };
}

export type OperatorRepository = ReturnType<typeof createOperatorRepository>;
