// What "find an account by text" means, for `selaras accounts find`, the console and the API alike:
// the name or any address the account ever had contains the text; a text of 10 digits is also a
// NISN, of 16 digits a NUPTK. LIKE wildcards in the text are taken literally.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from './schema.js';

/** `%text%` for LIKE, lower-cased, with `\`, `%` and `_` escaped (use with `escape '\'`). */
export function likeNeedle(text: string): string {
  return `%${text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function accountMatches(
  eb: ExpressionBuilder<Database, 'accounts'>,
  text: string,
): Expression<SqlBool> {
  const query = text.trim().toLowerCase();
  const needle = likeNeedle(query);
  const clauses: Expression<SqlBool>[] = [
    sql<SqlBool>`lower(accounts.nama) like ${needle} escape '\\'`,
    eb(
      'accounts.id',
      'in',
      eb.selectFrom('addresses').select('account_id').where(sql<SqlBool>`address like ${needle} escape '\\'`),
    ),
  ];
  if (/^\d{10}$/.test(query)) {
    clauses.push(
      eb('accounts.person_id', 'in', eb.selectFrom('persons').select('person_id').where('nisn', '=', query)),
    );
  }
  if (/^\d{16}$/.test(query)) {
    const nuptk = `%"nuptk":"${query}"%`;
    clauses.push(
      eb(
        'accounts.person_id',
        'in',
        eb.selectFrom('persons').select('person_id').where('rows_json', 'like', nuptk),
      ),
    );
  }
  return eb.or(clauses);
}
