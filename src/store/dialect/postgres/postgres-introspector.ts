// Kysely's PostgreSQL introspection lists every column of every table of every schema, and asks for
// each column's serial sequence by the table's name. One database holds many stores (a schema each:
// deployments, tests), so a schema created or dropped by someone else during that query failed the
// open of an unrelated store ("schema … does not exist", "relation … does not exist", "column … does
// not exist"): about one introspection in forty while other schemas churned. The migrator is the only
// user of introspection here, and all it asks is whether its own tables exist in the store's schema.
// This introspector answers from that schema alone, and reads names only, never through a function
// that looks a relation up again by name.
import type {
  DatabaseIntrospector,
  DatabaseMetadata,
  DatabaseMetadataOptions,
  Kysely,
  SchemaMetadata,
  TableMetadata,
} from 'kysely';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, sql } from 'kysely';

/** Where the store's tables live; set once the schema is known (it may have to be created first). */
export interface IntrospectionScope {
  schema?: string;
}

export class ScopedPostgresIntrospector implements DatabaseIntrospector {
  constructor(
    private readonly db: Kysely<unknown>,
    private readonly scope: IntrospectionScope,
  ) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(
      this.db,
    );
    return rows.map((r) => ({ name: r.name }));
  }

  /** The tables and views of the store's schema (of the search_path's first schema until it is known). */
  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const schema = this.scope.schema === undefined ? sql`current_schema()` : sql`${this.scope.schema}`;
    const { rows } = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, ns.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = ${schema} and c.relkind in ('r', 'v', 'p')
      order by c.relname`.execute(this.db);
    const internal = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);
    return rows
      .filter((r) => options.withInternalKyselyTables || !internal.has(r.name))
      .map((r) => ({ name: r.name, schema: r.schema, isView: r.kind === 'v', columns: [] }));
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
