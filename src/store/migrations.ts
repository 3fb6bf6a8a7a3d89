// Migrations are listed in code, not found by scanning a folder: the compiled output and the bundle
// carry them, and the order is the order of this list.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { AppError } from '../errors.js';
import type { DdlFlavour } from './ddl.js';
import { initialMigration } from './migrations/001-initial.js';
import { safetyMigration } from './migrations/002-safety.js';
import { rowHashesMigration } from './migrations/003-row-hashes.js';
import { webMigration } from './migrations/004-web.js';
import { appealsMigration } from './migrations/005-appeals.js';
import { provisioningMigration } from './migrations/006-provisioning.js';
import { screenStateMigration } from './migrations/007-screen-state.js';
import { deferredIndexesMigration } from './migrations/008-deferred-indexes.js';
import { activeBySchoolMigration } from './migrations/009-active-by-school.js';
import { schoolAdminsMigration } from './migrations/010-school-admins.js';
import { addressNumbersMigration } from './migrations/011-address-numbers.js';
import { rowsOnPersonMigration } from './migrations/012-rows-on-person.js';
import type { Database } from './schema.js';

export function migrations(ddl: DdlFlavour): Record<string, Migration> {
  return {
    '001_initial': initialMigration(ddl),
    '002_safety': safetyMigration(ddl),
    '003_row_hashes': rowHashesMigration,
    '004_web': webMigration(ddl),
    '005_appeals': appealsMigration(ddl),
    '006_provisioning': provisioningMigration(ddl),
    '007_screen_state': screenStateMigration(ddl),
    '008_deferred_indexes': deferredIndexesMigration(ddl),
    '009_active_by_school': activeBySchoolMigration(ddl),
    '010_school_admins': schoolAdminsMigration(ddl),
    '011_address_numbers': addressNumbersMigration(ddl),
    '012_rows_on_person': rowsOnPersonMigration(ddl),
  };
}

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly list: Record<string, Migration>) {}

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(this.list);
  }
}

/**
 * Applies every pending migration; a store already up to date is left untouched. `schema` names where
 * the migration bookkeeping lives (PostgreSQL): without it Kysely would find the bookkeeping table of
 * any schema in the database and take it for ours.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  ddl: DdlFlavour,
  schema?: string,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new StaticMigrationProvider(migrations(ddl)),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? null;
    const cause = error instanceof Error ? error.message : String(error);
    throw new AppError('internal', `store migration ${failed ?? '(setup)'} failed: ${cause}`, {
      migration: failed,
      cause,
    });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
