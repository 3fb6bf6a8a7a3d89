// Many stores share one PostgreSQL database (tests, several deployments, one schema each), and schemas
// come and go while a store opens. Opening a store must never depend on the tables of other schemas:
// Kysely's own introspection asked for every column of every table of every schema, and a schema
// dropped during that query failed the open of an unrelated store ("relation … does not exist").
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore } from '../../src/store/store.js';
import { freshLocation, PG_URL, skipReason } from '../support/stores.js';

const skip = await skipReason('postgres');
/** Without the fix, about one open in three failed here. */
const ROUNDS = 30;

test('postgres: a store opens while other schemas are created and dropped around it', { skip }, async () => {
  let stop = false;
  let churned = 0;
  const prefix = `race_${randomBytes(4).toString('hex')}`;
  // Other tenants of the database: schemas of 20 tables, created and dropped in tight loops.
  const churnLoop = async () => {
    const churn = new pg.Client({ connectionString: PG_URL });
    await churn.connect();
    while (!stop) {
      const schema = `${prefix}_${churned++}`;
      const tables = Array.from(
        { length: 20 },
        (_, i) => `create table "${schema}".t${i} (id serial primary key, x text, y text, z text);`,
      );
      await churn.query(`create schema "${schema}"; ${tables.join(' ')}`);
      await churn.query(`drop schema "${schema}" cascade`);
    }
    await churn.end();
  };
  const churning = Promise.all([churnLoop(), churnLoop()]);
  const opened: string[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const fresh = await freshLocation('postgres');
      try {
        const store = await openStore(fresh.location);
        const { rows } = await sql<{ n: string }>`select count(*) as n from kysely_migration`.execute(
          store.db,
        );
        opened.push(rows[0]?.n ?? '0');
        await store.close();
      } finally {
        await fresh.dispose();
      }
    }
  } finally {
    stop = true;
    await churning;
  }
  assert.ok(churned > ROUNDS, `the other schemas churned only ${churned} times`);
  assert.equal(opened.length, ROUNDS);
  assert.ok(
    opened.every((n) => Number(n) >= 10),
    `every store ran every migration: ${opened.join(', ')}`,
  );
});
