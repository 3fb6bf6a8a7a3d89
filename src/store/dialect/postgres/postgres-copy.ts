// COPY through Kysely: a bulk write must run on the connection of the caller's transaction, and Kysely
// keeps that connection to itself. The pool handed to Kysely gives out thin clients that pass every
// query through, except a COPY request, which arrives as the parameter of a marker statement and is
// streamed with pg-copy-streams on the same connection — inside whatever transaction it has open.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const COPY_MARKER = '/* selaras: copy from stdin */';

/** A `COPY … FROM STDIN` statement and the chunks of its data, in COPY's text format. */
export class CopyRequest {
  constructor(
    readonly statement: string,
    readonly chunks: () => Iterable<string>,
  ) {}
}

/** The query to hand to `executor.executeQuery`: runs the COPY on the executor's own connection. */
export function copyQuery(request: CopyRequest): CompiledQuery {
  return CompiledQuery.raw(COPY_MARKER, [request]);
}

/** A pool for Kysely whose clients understand `copyQuery`. */
export function copyingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = copyingClient(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

function copyingClient(client: pg.PoolClient): PostgresPoolClient {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's overloads (text + parameters, or a cursor)
    query(sqlOrCursor: any, parameters?: ReadonlyArray<unknown>): any {
      const request = parameters?.[0];
      if (sqlOrCursor === COPY_MARKER && request instanceof CopyRequest) return runCopy(client, request);
      if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor);
      return client.query(sqlOrCursor, parameters as unknown[]);
    },
    release: (destroy?: boolean) => client.release(destroy),
  } as PostgresPoolClient;
}

async function runCopy(client: pg.PoolClient, request: CopyRequest): Promise<PostgresQueryResult<never>> {
  const stream = client.query(copyFrom(request.statement));
  await pipeline(Readable.from(request.chunks(), { objectMode: false }), stream);
  // Kysely reads affected rows only from INSERT, UPDATE, DELETE and MERGE; a COPY reports none.
  return { command: 'COPY', rowCount: stream.rowCount, rows: [] } as unknown as PostgresQueryResult<never>;
}

/** One value in COPY's text format: `\N` for null, backslash escapes for the characters COPY reads. */
export function copyField(value: string | number | bigint | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, escapeChar) : value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPED = /[\\\n\r\t]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  return ESCAPES[ch] ?? ch;
}
