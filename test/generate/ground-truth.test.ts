// The generator's truth against the real engine: for several seeds and months, a synthetic extract
// is synced (month 0), evolved, planned with `selaras sync --plan`, and the planned events read
// with `selaras events` must equal truth.ndjson exactly — then the month is applied and the next
// one evolved from it. The months cross July, so promotions, graduations (to SMP, SMA/SMK and out),
// continuation windows and late registrations are all in play.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { evolveExtract } from '../../src/generate/extract-evolver.js';
import { generateExtract } from '../../src/generate/population-builder.js';
import { type CliEvent, events, explain, runCli, type SyncReport } from '../fixtures/cli.js';
import { freshLocation } from '../support/stores.js';
import { type ComparableEvent, diffTruth, formatDiff, isEmptyDiff, parseNdjson } from './truth-diff.js';

const SCHOOLS = 24;

interface Scenario {
  seed: number;
  start: string;
  /** Months per evolution: each entry is one `generate --from … --months n`, then one sync. */
  steps: number[];
  why: string;
}

const SCENARIOS: Scenario[] = [
  { seed: 3, start: '2026-05-15', steps: [1, 1, 1], why: 'June, then the July school year, then August' },
  {
    seed: 17,
    start: '2026-06-15',
    steps: [1, 1, 1],
    why: 'July, then late registrations in August and September',
  },
  {
    seed: 29,
    start: '2026-04-15',
    steps: [4, 2],
    why: 'April to August in one step (across July), then October',
  },
];

async function truthOf(dir: string): Promise<ComparableEvent[]> {
  return parseNdjson<ComparableEvent>(await readFile(join(dir, 'truth.ndjson'), 'utf8'));
}

async function sync(dir: string, db: string, plan: boolean): Promise<SyncReport> {
  const result = await runCli(['sync', dir, '--json', ...(plan ? ['--plan'] : [])], { db });
  assert.ok(result.json, `sync ${dir} printed no report: ${explain(result)}`);
  return result.json as SyncReport;
}

/** Every kind of event (type and reason) the scenarios must exercise between them. */
const MUST_COVER = [
  'account_created:',
  'account_reactivated:',
  'profile_updated:',
  'pd_transferred:',
  'pd_transferred:mutasi',
  'pd_level_changed:lulus',
  'pd_level_changed:mutasi',
  'pd_continuation_pending:lulus',
  'pd_deactivated:lulus',
  'pd_deactivated:putus_sekolah',
  'pd_deactivated:wafat',
  'pd_deactivated:absent',
  'ptk_role_changed:',
  'ptk_transferred:',
  'ptk_transferred:mutasi',
  'ptk_deactivated:pensiun',
  'ptk_deactivated:meninggal',
  'ptk_deactivated:mengundurkan_diri',
  'ptk_deactivated:absent',
  'ptk_deactivated:no_account_role',
  'ptk_deactivated:school_closed',
];
const covered = new Set<string>();

function assertSameEvents(label: string, truth: ComparableEvent[], planned: CliEvent[]): void {
  for (const e of truth) covered.add(`${e.type}:${e.reason ?? ''}`);
  const diff = diffTruth(truth, planned as ComparableEvent[]);
  assert.ok(isEmptyDiff(diff), formatDiff(label, diff));
  assert.equal(planned.length, truth.length);
}

describe('generated extracts: the engine finds exactly the events the generator scripted', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'selaras-truth-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  for (const s of SCENARIOS) {
    it(`seed ${s.seed} from ${s.start}: ${s.why}`, async () => {
      const store = await freshLocation('sqlite');
      try {
        const dir = (n: number) => join(root, `seed-${s.seed}`, `month-${n}`);
        await generateExtract({ outDir: dir(0), schools: SCHOOLS, seed: s.seed, takenAt: s.start });
        const first = await sync(dir(0), store.location, false);
        assert.equal(first.status, 'applied', JSON.stringify(first));
        assertSameEvents(
          `seed ${s.seed}, first load`,
          await truthOf(dir(0)),
          await events(first.run_id, store.location),
        );
        for (const [i, months] of s.steps.entries()) {
          const summary = await evolveExtract({ fromDir: dir(i), outDir: dir(i + 1), months, seed: s.seed });
          const label = `seed ${s.seed}, ${summary.taken_at} (+${months} month${months > 1 ? 's' : ''})`;
          const plan = await sync(dir(i + 1), store.location, true);
          assert.equal(plan.status, 'planned', JSON.stringify(plan));
          assert.deepEqual(plan.held, [], `${label}: the generator keeps under the guards`);
          assertSameEvents(label, await truthOf(dir(i + 1)), await events(plan.run_id, store.location));
          const applied = await sync(dir(i + 1), store.location, false);
          assert.equal(applied.status, 'applied', `${label}: ${JSON.stringify(applied)}`);
        }
      } finally {
        await store.dispose();
      }
    });
  }

  it('exercises every kind of change between the scenarios', () => {
    const missing = MUST_COVER.filter((kind) => !covered.has(kind));
    assert.deepEqual(missing, [], `covered: ${[...covered].sort().join(', ')}`);
  });
});
