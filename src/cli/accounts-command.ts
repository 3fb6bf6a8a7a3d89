// selaras accounts find <text> | accounts show <address> — an account and its whole history:
// every event with the rule that fired, its evidence and its snapshot ("why did this change?").
import type { Command } from 'commander';
import type { Account } from '../domain/accounts.js';
import { AppError } from '../errors.js';
import { createAddressRepository } from '../store/address-repository.js';
import { createPersonRepository } from '../store/person-repository.js';
import { createRunRepository } from '../store/run-repository.js';
import { eventView } from '../sync/event-view.js';
import { type GlobalOptions, withStore } from './context.js';
import { printJson, printLine } from './output.js';

interface AccountsFlags extends GlobalOptions {
  json?: boolean;
}

function accountLine(a: Account): string {
  return `${String(a.id).padStart(7)}  ${a.primaryAddress.padEnd(44)} ${a.status.padEnd(12)} ${a.role.padEnd(5)} ${a.jenjang.padEnd(10)} ${a.npsn}  ${a.nama}`;
}

export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('find and explain accounts');
  accounts
    .command('find')
    .argument('<text>', 'part of a name or address, or a NISN or NUPTK')
    .option('--json', 'print JSON')
    .action(async (text: string, flags: AccountsFlags, cmd: Command) => {
      await withStore(cmd.optsWithGlobals<AccountsFlags>(), async (store) => {
        const found = await createPersonRepository(store.db, store.bulk).search(text);
        if (flags.json) return printJson(found);
        if (found.length === 0) printLine('no account found');
        for (const a of found) printLine(accountLine(a));
      });
    });
  accounts
    .command('show')
    .argument('<address>', 'an address the account has or had')
    .option('--json', 'print JSON')
    .action(async (address: string, flags: AccountsFlags, cmd: Command) => {
      await withStore(cmd.optsWithGlobals<AccountsFlags>(), async (store) => {
        const max = store.bulk;
        const account = await createPersonRepository(store.db, max).findByAddress(address.toLowerCase());
        if (!account) throw new AppError('not_found', `no account has the address ${address}`);
        const addresses = await createAddressRepository(store.db, max).ofAccount(account.id);
        const events = (await createRunRepository(store.db, max).eventsOfAccount(account.id)).map((e) => ({
          ...eventView(e),
          snapshot_id: e.snapshot_id,
          rule: e.rule,
          evidence: JSON.parse(e.evidence_json) as unknown,
        }));
        const aliases = addresses.filter((a) => a.address !== account.primaryAddress).map((a) => a.address);
        if (flags.json) return printJson({ account, aliases, events });
        printLine(accountLine(account));
        if (aliases.length > 0) printLine(`  aliases: ${aliases.join(', ')}`);
        if (account.suspendOn)
          printLine(`  suspended on ${account.suspendOn}, deleted on ${account.deleteOn}`);
        if (account.continuationDeadline)
          printLine(`  continuation window ends ${account.continuationDeadline}`);
        for (const e of events) {
          printLine(`  ${e.effective_date}  run ${e.run_id}  ${e.snapshot_id ?? '-'}  ${e.rule}`);
          printLine(`      evidence: ${JSON.stringify(e.evidence)}`);
        }
      });
    });
}
