// The launcher, bin/selaras.js, is what `selaras` and `npx selaras` run: its first line starts node
// with a larger young generation, and the benchmark measures the process it starts with those flags.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { launcherFlags } from '../../bench/sync-bench.js';
import { REPO_ROOT } from '../fixtures/cli.js';

const run = promisify(execFile);
const BIN = join(REPO_ROOT, 'bin', 'selaras.js');

/** The young generation's size after a burst of short-lived objects, in a node started with `flags`. */
async function newSpaceAfterChurn(flags: string[]): Promise<number> {
  const script = [
    "const v8 = require('node:v8');",
    'let keep = [];',
    "for (let i = 0; i < 5e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 200000) keep = []; }",
    "console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);",
  ].join('\n');
  const { stdout } = await run(process.execPath, [...flags, '-e', script]);
  return Number(stdout.trim());
}

test('the launcher runs as an executable, through its first line', async () => {
  const { stdout } = await run(BIN, ['sync', '--help'], { cwd: REPO_ROOT });
  assert.match(stdout, /--timings/);
});

test('the launcher’s node flags give the young generation more room than node’s default', async () => {
  const flags = launcherFlags(BIN);
  assert.ok(
    flags.some((flag) => flag.startsWith('--max-semi-space-size=')),
    `flags: ${flags.join(' ')}`,
  );
  const [plain, launched] = [await newSpaceAfterChurn([]), await newSpaceAfterChurn(flags)];
  assert.ok(launched > plain, `new space ${launched} bytes with the flags, ${plain} without`);
});

test('launcherFlags reads only the options after node on the first line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'selaras-launcher-'));
  try {
    const plain = join(dir, 'plain.js');
    await writeFile(plain, '#!/usr/bin/env node\nconsole.log(1);\n');
    assert.deepEqual(launcherFlags(plain), []);
    const flagged = join(dir, 'flagged.js');
    await writeFile(flagged, '#!/usr/bin/env -S node --a=1 --b\n// --c\n');
    assert.deepEqual(launcherFlags(flagged), ['--a=1', '--b']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
