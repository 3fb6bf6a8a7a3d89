// selaras tokens add --role R [--scope S] [--label L] | tokens list | tokens revoke <id>
// The token is printed once, as the last line of `tokens add`; only a hash of it is kept.
import type { Command } from 'commander';
import { addToken, scopeFromFlags } from '../access/operator-service.js';
import { formatOperatorScope } from '../domain/operator-scope.js';
import { AppError } from '../errors.js';
import { createOperatorRepository } from '../store/operator-repository.js';
import { type GlobalOptions, operatorName, withStore } from './context.js';
import { printJson, printLine } from './output.js';

interface TokensFlags extends GlobalOptions {
  role: string;
  scope?: string;
  label?: string;
  json?: boolean;
}

export function registerTokens(program: Command): void {
  const tokens = program.command('tokens').description('API tokens');
  tokens
    .command('add')
    .description('make an API token; role nasional, dinas:<kode_wilayah prefix> or sekolah:<NPSN>')
    .requiredOption('--role <role>', 'nasional, dinas:<prefix> or sekolah:<NPSN>')
    .option('--scope <scope>', 'the prefix or NPSN, when --role is given without it')
    .option('--label <text>', 'what the token is for', '')
    .action(async (_flags: TokensFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<TokensFlags>();
      const scope = scopeFromFlags(flags.role, flags.scope);
      const made = await withStore(flags, (store) =>
        addToken(store, { scope, label: flags.label ?? '', actor: operatorName(), now: new Date() }),
      );
      printLine(`token ${made.id} made with role ${formatOperatorScope(scope)}; it is shown once:`);
      printLine(made.token);
    });
  tokens
    .command('list')
    .description('list tokens (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (_flags: TokensFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<TokensFlags>();
      const rows = await withStore(flags, (store) => createOperatorRepository(store.db).tokens());
      const list = rows.map((r) => ({
        id: r.id,
        role: formatOperatorScope({ role: r.role as never, scope: r.scope }),
        label: r.label,
        created_at: r.created_at,
        last_used_at: r.last_used_at,
        revoked_at: r.revoked_at,
      }));
      if (flags.json) return printJson(list);
      for (const t of list) {
        printLine(`${t.id}  ${t.role.padEnd(20)} ${t.revoked_at ? 'revoked' : 'active '}  ${t.label}`);
      }
    });
  tokens
    .command('revoke')
    .argument('<id>', 'the token id (the part after slr_)')
    .action(async (id: string, _flags: TokensFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<TokensFlags>();
      const n = await withStore(flags, (store) =>
        createOperatorRepository(store.db).revokeToken(id, new Date().toISOString()),
      );
      if (n === 0) throw new AppError('not_found', `no active token ${id}`);
      printLine(`token ${id} revoked`);
    });
}
