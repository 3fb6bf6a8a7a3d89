// The tables of schema.ts. Ids that can pass 2^31 use the flavour's big id type; run ids, hashes and
// counters stay `integer`. Indexes are the ones the sync reads by: partition (`phash`), re-key
// matching (NISN, NIK + birth date), address allocation, status scans and the outbox queue.
import type { Kysely, Migration } from 'kysely';
import type { DdlFlavour } from '../ddl.js';

// Migrations see the database as it was when they were written, not as schema.ts says today.
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current schema types
type AnyDb = Kysely<any>;

const TABLES = [
  'schools',
  'persons',
  'assignments',
  'accounts',
  'addresses',
  'runs',
  'run_batches',
  'events',
  'rejects',
  'outbox',
] as const;

export function initialMigration(ddl: DdlFlavour): Migration {
  return {
    async up(db: AnyDb) {
      await createDirectoryTables(db);
      await createAccountTables(db, ddl);
      await createRunTables(db, ddl);
      await createOutbox(db, ddl);
    },
    async down(db: AnyDb) {
      for (const table of [...TABLES].reverse()) await db.schema.dropTable(table).execute();
    },
  };
}

async function createDirectoryTables(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('schools')
    .addColumn('npsn', 'text', (c) => c.primaryKey())
    .addColumn('sekolah_id', 'text', (c) => c.notNull())
    .addColumn('nama', 'text', (c) => c.notNull())
    .addColumn('bentuk_pendidikan', 'text', (c) => c.notNull())
    .addColumn('status_sekolah', 'text', (c) => c.notNull())
    .addColumn('kode_wilayah', 'text', (c) => c.notNull())
    .addColumn('present', 'integer', (c) => c.notNull())
    .addColumn('last_taken_at', 'text', (c) => c.notNull())
    .addColumn('last_run_id', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('persons')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('phash', 'integer', (c) => c.notNull())
    .addColumn('nama', 'text', (c) => c.notNull())
    .addColumn('nik', 'text', (c) => c.notNull())
    .addColumn('nisn', 'text', (c) => c.notNull())
    .addColumn('tanggal_lahir', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('previous_id', 'text')
    .addColumn('updated_run_id', 'integer', (c) => c.notNull())
    .execute();
  await index(db, 'persons', ['phash']);
  await index(db, 'persons', ['nisn']);

  await db.schema
    .createTable('assignments')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('phash', 'integer', (c) => c.notNull())
    .addColumn('npsn', 'text', (c) => c.notNull())
    .addColumn('row_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assignments_pk', ['person_id', 'row_id'])
    .execute();
  await index(db, 'assignments', ['phash']);
}

async function createAccountTables(db: AnyDb, ddl: DdlFlavour): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', ddl.bigId, (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('person_kind', 'text', (c) => c.notNull())
    .addColumn('phash', 'integer', (c) => c.notNull())
    .addColumn('jenjang', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('npsn', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('primary_address', 'text', (c) => c.notNull())
    .addColumn('nama', 'text', (c) => c.notNull())
    .addColumn('created_run_id', 'integer', (c) => c.notNull())
    .addColumn('updated_run_id', 'integer', (c) => c.notNull())
    .addColumn('status_since', 'text', (c) => c.notNull())
    .addColumn('deactivate_reason', 'text')
    .addColumn('suspend_on', 'text')
    .addColumn('delete_on', 'text')
    .addColumn('continuation_deadline', 'text')
    .addColumn('waiting_since', 'text')
    .addColumn('waiting_reason', 'text')
    .execute();
  for (const columns of [['phash'], ['person_id'], ['status'], ['npsn']]) {
    await index(db, 'accounts', columns);
  }

  await db.schema
    .createTable('addresses')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('local_base', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('account_id', ddl.bigId, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('issued_run_id', 'integer', (c) => c.notNull())
    .execute();
  await index(db, 'addresses', ['local_base', 'domain']);
  await index(db, 'addresses', ['account_id']);
}

async function createRunTables(db: AnyDb, ddl: DdlFlavour): Promise<void> {
  await db.schema
    .createTable('runs')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('snapshot_id', 'text')
    .addColumn('taken_at', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('scope_json', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('report_json', 'text')
    .addColumn('message', 'text')
    .execute();

  await db.schema
    .createTable('run_batches')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('batch_no', 'integer', (c) => c.notNull())
    .addColumn('persons', 'integer', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('committed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_batches_pk', ['run_id', 'batch_no'])
    .execute();

  await createEvents(db, ddl);

  await db.schema
    .createTable('rejects')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text')
    .addColumn('person_id', 'text')
    .execute();
  await index(db, 'rejects', ['run_id']);
}

async function createEvents(db: AnyDb, ddl: DdlFlavour): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', ddl.bigId, (c) => c.primaryKey())
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('account_id', ddl.bigId)
    .addColumn('person_kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('phash', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('same_jenjang', 'integer')
    .addColumn('from_json', 'text')
    .addColumn('to_json', 'text')
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('snapshot_id', 'text')
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('evidence_json', 'text', (c) => c.notNull())
    .execute();
  await index(db, 'events', ['run_id', 'seq']);
  await index(db, 'events', ['account_id']);
}

async function createOutbox(db: AnyDb, ddl: DdlFlavour): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', ddl.bigId, (c) => ddl.identityPrimaryKey(c))
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('event_id', ddl.bigId)
    .addColumn('account_id', ddl.bigId)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await index(db, 'outbox', ['status', 'next_attempt_at']);
}

/** Index names are `<table>_<columns>_idx`; PostgreSQL keeps them per schema, SQLite per file. */
async function index(db: AnyDb, table: string, columns: readonly string[]): Promise<void> {
  await db.schema
    .createIndex(`${table}_${columns.join('_')}_idx`)
    .on(table)
    .columns([...columns])
    .execute();
}
