// `selaras pull` and `selaras sync --from-dapodik` through the real CLI, against a Dapodik-like
// server in this process (test/fixtures/dapodik-server.ts) and a fresh SQLite store: a first month
// synced from a good pull; then a month in which one school answers with an error, which the sync
// holds (source_error) while deactivating no one; the token from a flag, the environment or the
// config file, and never in any output or file.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliResult, events, explain, runCli } from '../fixtures/cli.js';
import { DapodikServer, sampleSchool } from '../fixtures/dapodik-server.js';
import { freshLocation } from '../support/stores.js';

const TOKEN = 'dapo-9b1e4c7a2f5d8e0b3c6a';
const SD = '20700001';
const SMP = '20700002';
const DEACTIVATIONS = ['ptk_deactivated', 'pd_deactivated'];

let server: DapodikServer;
let work: string;
const outputs: CliResult[] = [];

before(async () => {
  server = await DapodikServer.start(TOKEN);
  work = await mkdtemp(join(tmpdir(), 'selaras-pull-cli-'));
});
after(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

/** Runs the CLI with no Dapodik settings inherited from the test's own environment. */
async function cli(args: string[], db: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await runCli(args, {
    db,
    env: { SELARAS_DAPODIK_URL: '', SELARAS_DAPODIK_TOKEN: '', SELARAS_DAPODIK_BACKOFF_MS: '5', ...env },
  });
  outputs.push(result);
  return result;
}

function both(): string[] {
  return ['--npsn', SD, '--npsn', SMP];
}

/** Every file under `dir`, recursively, as bytes. */
async function allFiles(dir: string): Promise<Array<[string, Buffer]>> {
  const out: Array<[string, Buffer]> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push([path, await readFile(path)]);
  }
  return out;
}

describe('selaras pull and sync --from-dapodik', () => {
  it('syncs a good pull, then holds a school the service fails and deactivates no one', async () => {
    const store = await freshLocation('sqlite');
    const db = store.location;
    const sd = sampleSchool(SD, 'SD', 3, 8, 4);
    server.set(SD, sd).set(SMP, sampleSchool(SMP, 'SMP', 3, 8, 8));
    try {
      const july = join(work, 'july');
      const pulled = await cli(
        [
          'pull',
          '--url',
          server.url,
          '--token',
          TOKEN,
          ...both(),
          '--out',
          july,
          '--taken-at',
          '2026-07-01',
          '--json',
        ],
        db,
      );
      assert.equal(pulled.code, 0, explain(pulled));
      assert.deepEqual(pulled.json.failed_npsn, []);
      assert.deepEqual(
        pulled.json.schools.map((s: { npsn: string; status: string }) => [s.npsn, s.status]),
        [
          [SD, 'ok'],
          [SMP, 'ok'],
        ],
      );
      const first = await cli(['sync', july, '--json'], db);
      assert.equal(first.code, 0, explain(first));
      assert.equal(first.json.status, 'applied');
      assert.equal(first.json.counts.account_created, 22);
      const smpAddresses = (await events(first.json.run_id, db))
        .filter((e) => e.to?.npsn === SMP)
        .map((e) => e.to!.address);
      assert.equal(smpAddresses.length, 11);

      // August: one pupil renamed at the SD; the SMP answers getGtk with {success: false} (HTTP 200).
      sd.pd[0]!.nama = 'Rahmat Hidayat';
      server.set(SD, sd).set(SMP, sampleSchool(SMP, 'SMP', 3, 8, 8), 'error-200');
      const august = join(work, 'august');
      const failed = await cli(
        ['pull', '--url', server.url, ...both(), '--out', august, '--taken-at', '2026-08-01'],
        db,
        { SELARAS_DAPODIK_TOKEN: TOKEN },
      );
      assert.equal(failed.code, 3, explain(failed));
      assert.match(failed.stdout, /pulled 1 of 2 schools/);
      assert.match(failed.stdout, /20700002 failed {2}getGtk: service error: Token \[token\] ditolak server/);
      const manifest = JSON.parse(await readFile(join(august, 'manifest.json'), 'utf8'));
      assert.deepEqual(manifest.scope, { kind: 'sekolah', npsn: [SD, SMP] });
      assert.deepEqual(manifest.failed_npsn, [SMP]);

      const second = await cli(['sync', august, '--json'], db);
      assert.equal(second.code, 3, explain(second));
      assert.equal(second.json.status, 'partly_held');
      assert.deepEqual(
        second.json.held.map((h: { scope: string; reason: string }) => [h.scope, h.reason]),
        [[`sekolah:${SMP}`, 'source_error']],
      );
      assert.equal(second.json.counts.profile_updated, 1);
      for (const type of DEACTIVATIONS) assert.equal(second.json.counts[type], 0, type);
      const planned = await events(second.json.run_id, db);
      assert.deepEqual(
        planned.filter((e) => DEACTIVATIONS.includes(e.type)),
        [],
      );
      for (const address of smpAddresses.slice(0, 3)) {
        const shown = await cli(['accounts', 'show', address, '--json'], db);
        assert.equal(shown.code, 0, explain(shown));
        assert.equal(shown.json.account.status, 'active', address);
      }
      await assertNoToken([july, august, join(db, '..')]);
    } finally {
      await store.dispose();
    }
  });

  it('pulls and syncs in one command, with the URL from the environment and the token from the config file', async () => {
    const store = await freshLocation('sqlite');
    const db = store.location;
    const config = join(work, 'selaras.config.json');
    await writeFile(config, JSON.stringify({ dapodikToken: TOKEN }));
    const env = { SELARAS_DAPODIK_URL: server.url };
    server.set(SD, sampleSchool(SD, 'SD', 2, 4)).set(SMP, sampleSchool(SMP, 'SMP', 2, 4, 8), 'access-denied');
    try {
      const args = ['sync', '--from-dapodik', '--npsn', `${SD},${SMP}`, '--config', config];
      const held = await cli([...args, '--taken-at', '2026-09-01', '--json'], db, env);
      assert.equal(held.code, 3, explain(held));
      assert.equal(held.json.status, 'partly_held');
      assert.equal(held.json.counts.account_created, 6);
      assert.deepEqual(held.json.held, [{ scope: `sekolah:${SMP}`, reason: 'source_error', count: 0 }]);

      server.set(SMP, sampleSchool(SMP, 'SMP', 2, 4, 8), 'ok');
      const applied = await cli([...args, '--taken-at', '2026-09-02'], db, env);
      assert.equal(applied.code, 0, explain(applied));
      assert.match(applied.stdout, /^pulled 2 of 2 schools: snapshot dapodik-2026-09-02-[0-9a-f]{16}/);
      assert.match(applied.stdout, /\napplied \(run \d+\)/);
      assert.match(applied.stdout, /account_created\s+6/);
      await assertNoToken([join(db, '..')]);
    } finally {
      await store.dispose();
    }
  });

  it('refuses bad input with exit 2 before asking the service', async () => {
    const store = await freshLocation('sqlite');
    const db = store.location;
    const before = server.requests.length;
    const out = join(work, 'never');
    try {
      const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
        [['pull', '--url', server.url, '--npsn', SD, '--out', out], {}, /no Dapodik Web Service token/],
        [['pull', '--token', TOKEN, '--npsn', SD, '--out', out], {}, /no Dapodik Web Service URL/],
        [['pull', '--url', server.url, '--token', TOKEN, '--npsn', '123', '--out', out], {}, /NPSN "123"/],
        [
          ['pull', '--url', server.url, '--token', TOKEN, '--npsn', SD, '--out', out, '--concurrency', '0'],
          {},
          /--concurrency/,
        ],
        [['sync', '--json'], {}, /give an extract directory, or --from-dapodik/],
        [['sync', out, '--from-dapodik', '--npsn', SD], { SELARAS_DAPODIK_URL: server.url }, /not both/],
      ];
      for (const [args, env, message] of cases) {
        const result = await cli(args, db, env);
        assert.equal(result.code, 2, explain(result));
        assert.match(result.stderr, message);
      }
      assert.equal(server.requests.length, before);
    } finally {
      await store.dispose();
    }
  });

  it('never prints the token', () => {
    assert.ok(outputs.length > 0);
    for (const result of outputs) {
      assert.ok(!result.stdout.includes(TOKEN), result.stdout);
      assert.ok(!result.stderr.includes(TOKEN), result.stderr);
    }
  });
});

async function assertNoToken(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    for (const [path, bytes] of await allFiles(dir)) {
      assert.ok(!bytes.includes(TOKEN), `the token is in ${path}`);
    }
  }
}
