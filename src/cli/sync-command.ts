// selaras sync <dir> [--plan] [--json] [--timings] — import, classify, guard, apply (or only plan).
// selaras sync --from-dapodik --npsn N … — the same, on an extract pulled first (see pull-command).
import type { Command } from 'commander';
import { EVENT_TYPES } from '../domain/accounts.js';
import { exitCodeOf, type SyncReport } from '../sync/report.js';
import { lastSyncTimings, syncExtract } from '../sync/sync-service.js';
import { type GlobalOptions, operatorName, vaultOf, withStore } from './context.js';
import { printJson, printLine, terminalProgress } from './output.js';
import { addDapodikOptions, type DapodikFlags, withExtractDir } from './pull-command.js';

interface SyncFlags extends GlobalOptions, DapodikFlags {
  plan?: boolean;
  json?: boolean;
  fromDapodik?: boolean;
  timings?: boolean;
}

export function registerSync(program: Command): void {
  const command = program
    .command('sync')
    .description('import a Dapodik extract directory and apply (or, with --plan, only plan) the changes')
    .argument('[dir]', 'extract directory (manifest.json, sekolah.csv, ptk.csv, peserta_didik.csv)')
    .option('--plan', 'plan only: write nothing, print what would happen')
    .option('--json', 'print the report as one JSON object')
    .option('--timings', 'also print the seconds each phase took, as one `timings {json}` line on stderr')
    .option('--memory-mb <n>', 'memory the sync may use, in MiB (default 4096, or SELARAS_MEMORY_MB)')
    .option('--from-dapodik', 'pull the --npsn schools from the Dapodik Web Service instead of <dir>')
    .action(async (dir: string | undefined, _flags: SyncFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<SyncFlags>();
      const report = await withStore(flags, (store, config) =>
        withExtractDir(dir, flags, config, (extract) =>
          syncExtract(store, extract, {
            policy: config.policy,
            plan: flags.plan === true,
            partitions: config.partitions,
            memoryMb: config.memoryMb,
            batchSize: config.batchSize,
            dataDir: config.dataDir,
            now: () => new Date(),
            actor: operatorName(),
            lang: config.lang,
            progress: flags.json ? undefined : terminalProgress(),
            ...(flags.plan ? {} : { vault: vaultOf(config) }),
          }),
        ),
      );
      if (flags.json) printJson(report);
      else printSummary(report);
      const timings = lastSyncTimings();
      if (flags.timings && timings) process.stderr.write(`timings ${JSON.stringify(timings)}\n`);
      process.exitCode = exitCodeOf(report.status);
    });
  addDapodikOptions(command);
}

export function printSummary(report: SyncReport): void {
  const run = report.run_id === null ? '' : ` (run ${report.run_id})`;
  const what = report.snapshot
    ? `snapshot ${report.snapshot.id} taken ${report.snapshot.taken_at}`
    : 'clock-driven changes';
  printLine(`${report.status}${run}: ${what}`);
  if (report.message) printLine(`  ${report.message}`);
  for (const type of EVENT_TYPES) {
    const n = report.counts[type];
    if (n > 0) printLine(`  ${type.padEnd(26)} ${n}`);
  }
  if (report.rejected_rows > 0)
    printLine(
      `  rejected rows              ${report.rejected_rows} (see: selaras runs show ${report.run_id})`,
    );
  const unknown = report.unknown_codes;
  if (unknown && (unknown.bentuk_pendidikan > 0 || unknown.jenis_ptk > 0)) {
    printLine(
      `  unknown codes              bentuk_pendidikan ${unknown.bentuk_pendidikan}, jenis_ptk ${unknown.jenis_ptk}`,
    );
  }
  for (const held of report.held) printLine(`  held ${held.scope} (${held.reason}): ${held.count} events`);
}
