// What a migration needs to know about the engine it runs on: the few column definitions that differ.
// Each dialect folder provides one (STYLE 1); migrations never ask which engine they run on.
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

export interface DdlFlavour {
  /** Column type for ids that may pass 2^31 (accounts, events, outbox) and still read back as numbers. */
  readonly bigId: 'bigint' | 'integer';
  /** Completes a primary-key column whose value the database assigns (outbox.id). */
  identityPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Makes a table append-only: the database itself refuses UPDATE and DELETE on it. */
  // biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was
  forbidChanges(db: Kysely<any>, table: string): Promise<void>;
  /** SQL text reading the string field `key` of the JSON object held in text column `column`. */
  jsonText(column: string, key: string): string;
}
