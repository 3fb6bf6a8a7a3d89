// What a migration needs to know about the engine it runs on: the few column definitions that differ.
// Each dialect folder provides one (STYLE 1); migrations never ask which engine they run on.
import type { ColumnDefinitionBuilder } from 'kysely';

export interface DdlFlavour {
  /** Column type for ids that may pass 2^31 (accounts, events, outbox) and still read back as numbers. */
  readonly bigId: 'bigint' | 'integer';
  /** Completes a primary-key column whose value the database assigns (outbox.id). */
  identityPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
}
