// selaras users add <login> --role R [--scope S] [--password-stdin] | users list
// Without --password-stdin a strong password is generated and printed once, as the last line.
import type { Command } from 'commander';
import { addOperator, generatedPassword, scopeFromFlags } from '../access/operator-service.js';
import { formatOperatorScope } from '../domain/operator-scope.js';
import { createOperatorRepository } from '../store/operator-repository.js';
import { type GlobalOptions, operatorName, withStore } from './context.js';
import { printJson, printLine } from './output.js';

interface UsersFlags extends GlobalOptions {
  role: string;
  scope?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('console operators');
  users
    .command('add')
    .description('add an operator; role nasional, dinas:<kode_wilayah prefix> or sekolah:<NPSN>')
    .argument('<login>', 'the name the operator signs in with')
    .requiredOption('--role <role>', 'nasional, dinas:<prefix> or sekolah:<NPSN>')
    .option('--scope <scope>', 'the prefix or NPSN, when --role is given without it')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(async (login: string, _flags: UsersFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<UsersFlags>();
      const scope = scopeFromFlags(flags.role, flags.scope);
      const chosen = flags.passwordStdin ? await readStdin() : undefined;
      const password = chosen ?? generatedPassword();
      await withStore(flags, (store) =>
        addOperator(store, { login, scope, password, actor: operatorName(), now: new Date() }),
      );
      printLine(`operator ${login} added with role ${formatOperatorScope(scope)}`);
      if (chosen === undefined) {
        printLine('initial password (shown once; keep it safe):');
        printLine(password);
      }
    });
  users
    .command('list')
    .description('list operators (never their passwords)')
    .option('--json', 'print JSON')
    .action(async (_flags: UsersFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<UsersFlags>();
      const rows = await withStore(flags, (store) => createOperatorRepository(store.db).operators());
      const list = rows.map((r) => ({
        login: r.login,
        role: formatOperatorScope({ role: r.role as never, scope: r.scope }),
        created_at: r.created_at,
        disabled: r.disabled === 1,
      }));
      if (flags.json) return printJson(list);
      for (const u of list)
        printLine(
          `${u.login.padEnd(24)} ${u.role.padEnd(20)} ${u.created_at}${u.disabled ? '  disabled' : ''}`,
        );
    });
}
