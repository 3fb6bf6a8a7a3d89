// selaras audit [--json] — the append-only log of applies, approvals, rejections and replacements.
import type { Command } from 'commander';
import { createHoldRepository } from '../store/hold-repository.js';
import { type GlobalOptions, withStore } from './context.js';
import { printJson, printLine } from './output.js';

interface AuditFlags extends GlobalOptions {
  json?: boolean;
  limit?: string;
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('show the audit log, newest first')
    .option('--limit <n>', 'how many entries', '100')
    .option('--json', 'print JSON')
    .action(async (_flags: AuditFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<AuditFlags>();
      await withStore(flags, async (store) => {
        const rows = await createHoldRepository(store.db, store.bulk).auditLog(Number(flags.limit ?? 100));
        const entries = rows.map((r) => ({
          ...r,
          details: JSON.parse(r.details_json) as unknown,
          details_json: undefined,
        }));
        if (flags.json) return printJson(entries);
        for (const e of entries) {
          printLine(
            `${e.at}  ${e.actor.padEnd(12)} ${e.action.padEnd(9)} run ${e.run_id ?? '-'} ${e.scope ?? ''}  ${JSON.stringify(e.details)}`,
          );
        }
      });
    });
}
