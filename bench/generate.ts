// Synthetic extracts from the command line:
//   node dist/bench/generate.js --out DIR --persons N --seed S [--taken-at YYYY-MM-DD] [--snapshot-id ID]
//   node dist/bench/generate.js --from DIR --out DIR2 --churn 0.03 --taken-at YYYY-MM-DD [--seed S]

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evolveExtract, generateExtract } from './extract-generator.js';

const USAGE = `usage:
  generate --out DIR --persons N [--seed S] [--taken-at YYYY-MM-DD] [--snapshot-id ID]
  generate --from DIR --out DIR2 [--churn 0.03] --taken-at YYYY-MM-DD [--seed S] [--snapshot-id ID]`;

const FILES = ['manifest.json', 'sekolah.csv', 'ptk.csv', 'peserta_didik.csv'];

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${value}`);
  return n;
}

async function describeFiles(dir: string): Promise<string> {
  const sizes = await Promise.all(
    FILES.map(async (f) => `${f} ${formatBytes((await stat(join(dir, f))).size)}`),
  );
  return sizes.join(', ');
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      from: { type: 'string' },
      persons: { type: 'string' },
      seed: { type: 'string' },
      churn: { type: 'string' },
      'taken-at': { type: 'string' },
      'snapshot-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help || !values.out) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const seed = numberOption(values.seed, 'seed', 1);
  const started = performance.now();
  if (values.from) {
    if (!values['taken-at']) throw new Error('--taken-at is required with --from');
    const { changed } = await evolveExtract({
      fromDir: values.from,
      outDir: values.out,
      churn: numberOption(values.churn, 'churn', 0.03),
      seed,
      takenAt: values['taken-at'],
      ...(values['snapshot-id'] ? { snapshotId: values['snapshot-id'] } : {}),
    });
    console.log(`evolved ${values.from} -> ${values.out}: ${changed} persons changed`);
  } else {
    const persons = numberOption(values.persons, 'persons', Number.NaN);
    const counts = await generateExtract({
      outDir: values.out,
      persons,
      seed,
      ...(values['taken-at'] ? { takenAt: values['taken-at'] } : {}),
      ...(values['snapshot-id'] ? { snapshotId: values['snapshot-id'] } : {}),
    });
    console.log(
      `generated ${values.out}: ${counts.schools} schools, ${counts.ptk} ptk rows, ${counts.pd} pd rows`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${seconds.toFixed(2)} s; ${await describeFiles(values.out)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = process.exitCode || 2;
});
