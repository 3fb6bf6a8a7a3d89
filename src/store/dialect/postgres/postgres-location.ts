// Turns a postgres:// location into what pg needs and what may be printed. The schema travels as a
// startup option (`-c search_path=…`), so every connection of the pool gets it before its first query,
// whoever borrows the connection.
import { AppError } from '../../../errors.js';

export interface PostgresLocation {
  /** The URL for pg, without our own `schema` parameter and without `options` (passed separately). */
  connectionString: string;
  /** Startup options for every connection, the caller's own `options` included. */
  startupOptions: string | undefined;
  schema: string | undefined;
  /** The URL without password or other parameters, with `?schema=` when one is set. */
  description: string;
}

// Lower case only: an unquoted name in search_path is folded to lower case, a quoted one in DDL is not.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function parsePostgresLocation(location: string, schemaOption?: string): PostgresLocation {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new AppError('bad_input', 'the store location is not a valid postgres:// URL');
  }
  const schema = schemaOption ?? (url.searchParams.get('schema') || undefined);
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new AppError('bad_input', `invalid schema name "${schema}": use a-z, 0-9 and _`, { schema });
  }
  const callerOptions = url.searchParams.get('options') ?? undefined;
  url.searchParams.delete('schema');
  url.searchParams.delete('options');
  const searchPath = schema === undefined ? undefined : `-c search_path=${schema}`;
  const startupOptions = [callerOptions, searchPath].filter((o) => o).join(' ') || undefined;
  return { connectionString: url.toString(), startupOptions, schema, description: describe(url, schema) };
}

function describe(url: URL, schema: string | undefined): string {
  const shown = new URL(url.toString());
  shown.password = '';
  shown.search = '';
  if (schema !== undefined) shown.searchParams.set('schema', schema);
  return shown.toString();
}
