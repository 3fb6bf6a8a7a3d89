// selaras events --run <id> [--format ndjson|csv] — one event per line.
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { createRunRepository } from '../store/run-repository.js';
import { csvField, EVENT_CSV_COLUMNS, eventCsvRecord, eventView } from '../sync/event-view.js';
import { type GlobalOptions, withStore } from './context.js';
import { printLine } from './output.js';

interface EventsFlags extends GlobalOptions {
  run: string;
  format: string;
}

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description("print a run's events")
    .requiredOption('--run <id>', 'run id')
    .option('--format <format>', 'ndjson or csv', 'ndjson')
    .action(async (_flags: EventsFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<EventsFlags>();
      if (flags.format !== 'ndjson' && flags.format !== 'csv') {
        throw new AppError('bad_input', `unknown format ${flags.format}: use ndjson or csv`);
      }
      const runId = Number(flags.run);
      await withStore(flags, async (store) => {
        const runs = createRunRepository(store.db, store.bulk);
        if (!(await runs.get(runId))) throw new AppError('not_found', `run ${flags.run} does not exist`);
        const rows = await runs.eventsOfRun(runId);
        if (flags.format === 'csv') printLine(EVENT_CSV_COLUMNS.join(','));
        for (const row of rows) {
          const view = eventView(row);
          if (flags.format === 'ndjson') printLine(JSON.stringify(view));
          else printLine(EVENT_CSV_COLUMNS.map((c) => csvField(eventCsvRecord(view)[c])).join(','));
        }
      });
    });
}
