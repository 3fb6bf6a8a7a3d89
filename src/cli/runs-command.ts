// selaras runs list | runs show <id>
import { join } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { createRunRepository, type RunRow } from '../store/run-repository.js';
import type { SyncReport } from '../sync/report.js';
import { type GlobalOptions, withStore } from './context.js';
import { printJson, printLine } from './output.js';
import { printSummary } from './sync-command.js';

interface RunsFlags extends GlobalOptions {
  json?: boolean;
}

function reportOf(run: RunRow): SyncReport | null {
  return run.report_json ? (JSON.parse(run.report_json) as SyncReport) : null;
}

export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('list and inspect runs');
  runs
    .command('list')
    .option('--json', 'print JSON')
    .action(async (flags: RunsFlags, cmd: Command) => {
      const options = { ...cmd.optsWithGlobals<RunsFlags>() };
      await withStore(options, async (store) => {
        const repo = createRunRepository(store.db, store.bulk);
        const list = await repo.list(100);
        if (flags.json) {
          printJson(
            list.map((r) => ({
              id: r.id,
              kind: r.kind,
              status: r.status,
              snapshot_id: r.snapshot_id,
              taken_at: r.taken_at,
              started_at: r.started_at,
              finished_at: r.finished_at,
            })),
          );
          return;
        }
        if (list.length === 0) printLine('no runs yet');
        for (const r of list) {
          printLine(
            `${String(r.id).padStart(5)}  ${r.kind.padEnd(5)} ${r.status.padEnd(12)} ${r.snapshot_id ?? '-'}  ${r.taken_at ?? ''}  ${r.started_at}`,
          );
        }
      });
    });
  runs
    .command('show')
    .argument('<id>', 'run id')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: RunsFlags, cmd: Command) => {
      const options = { ...cmd.optsWithGlobals<RunsFlags>() };
      await withStore(options, async (store, config) => {
        const repo = createRunRepository(store.db, store.bulk);
        const run = await repo.get(Number(id));
        if (!run) throw new AppError('not_found', `run ${id} does not exist`);
        const rejects = await repo.rejectsOfRun(run.id, 20);
        const report = reportOf(run);
        const rejectsFile =
          report && report.rejected_rows > 0 ? join(config.dataDir, 'rejects', `${run.id}.csv`) : null;
        if (flags.json) {
          printJson({
            ...run,
            report,
            rejects_file: rejectsFile,
            rejects_sample: rejects,
            report_json: undefined,
          });
          return;
        }
        printLine(
          `run ${run.id} (${run.kind}) ${run.status}, started ${run.started_at}, finished ${run.finished_at ?? '-'}`,
        );
        if (run.message) printLine(`  ${run.message}`);
        if (report) printSummary(report);
        if (rejectsFile) {
          printLine(`rejected rows: ${report?.rejected_rows} — all of them in ${rejectsFile}`);
          for (const r of rejects) printLine(`  ${r.file}:${r.line}  ${r.reason}`);
        }
      });
    });
}
