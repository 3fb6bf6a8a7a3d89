// selaras runs list | runs show <id>
import { join } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { createHoldRepository } from '../store/hold-repository.js';
import { createRunRepository, type RunRow } from '../store/run-repository.js';
import { decide } from '../sync/approval-service.js';
import { type HoldView, holdView } from '../sync/hold-view.js';
import { exitCodeOf, type SyncReport } from '../sync/report.js';
import { type GlobalOptions, operatorName, vaultOf, withStore } from './context.js';
import { printError, printJson, printLine } from './output.js';
import { printSummary } from './sync-command.js';

interface RunsFlags extends GlobalOptions {
  json?: boolean;
}

function reportOf(run: RunRow): SyncReport | null {
  return run.report_json ? (JSON.parse(run.report_json) as SyncReport) : null;
}

function printHold(h: HoldView): void {
  printLine(
    `held ${h.scope} (${h.reason}): ${h.count} events, ${h.status}, plan ${h.plan_hash.slice(0, 16)}…`,
  );
  printLine(
    `  by event:  ${Object.entries(h.by_event)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  printLine(
    `  by reason: ${Object.entries(h.by_reason)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  for (const p of h.sample) printLine(`  e.g. ${p.type} ${p.address} (${p.person_id})`);
  if (h.decided_by)
    printLine(
      `  decided by ${h.decided_by} at ${h.decided_at}${h.decision_reason ? `: ${h.decision_reason}` : ''}`,
    );
  if (h.superseded_by_run) printLine(`  replaced by run ${h.superseded_by_run}`);
}

interface DecideFlags extends RunsFlags {
  scope?: string;
  reason?: string;
}

function registerDecision(runs: Command, decision: 'approve' | 'reject'): void {
  runs
    .command(decision)
    .description(
      decision === 'approve' ? 'apply exactly the held plan of a run' : 'drop the held plan of a run',
    )
    .argument('<id>', 'run id')
    .option('--scope <scope>', 'only this held scope (run, provinsi:NN or sekolah:NPSN)')
    .option('--reason <text>', 'why (kept in the audit log)')
    .option('--json', 'print the report as JSON')
    .action(async (id: string, _flags: DecideFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<DecideFlags>();
      const report = await withStore(flags, (store, config) =>
        decide(store, Number(id), {
          decision,
          ...(flags.scope ? { scope: flags.scope } : {}),
          ...(flags.reason ? { reason: flags.reason } : {}),
          actor: operatorName(),
          now: () => new Date(),
          batchSize: config.batchSize,
          policy: config.policy,
          lang: config.lang,
          ...(decision === 'approve' ? { vault: vaultOf(config) } : {}),
        }),
      );
      if (flags.json) printJson(report);
      else printSummary(report);
      if (report.status === 'refused' && report.message && flags.json) printError(report.message);
      process.exitCode = exitCodeOf(report.status);
    });
}

export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('list, inspect, approve and reject runs');
  registerDecision(runs, 'approve');
  registerDecision(runs, 'reject');
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
        const holds = (await createHoldRepository(store.db, store.bulk).ofRun(run.id)).map(holdView);
        const report = reportOf(run);
        const rejectsFile =
          report && report.rejected_rows > 0 ? join(config.dataDir, 'rejects', `${run.id}.csv`) : null;
        if (flags.json) {
          printJson({
            ...run,
            report,
            holds,
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
        for (const h of holds) printHold(h);
        if (rejectsFile) {
          printLine(`rejected rows: ${report?.rejected_rows} — all of them in ${rejectsFile}`);
          for (const r of rejects) printLine(`  ${r.file}:${r.line}  ${r.reason}`);
        }
      });
    });
}
