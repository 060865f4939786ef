#!/usr/bin/env node
// `floe`: deploy static sites to Walrus and inspect them. Each command lives in commands/; this
// file only dispatches and turns errors into a message and an exit code (1 failure, 2 usage).
import { aggregatorCommand } from './commands/aggregator.ts';
import { blobGetCommand, blobPutCommand } from './commands/blob.ts';
import { convertCommand } from './commands/convert.ts';
import { deployCommand } from './commands/deploy.ts';
import { devnetCommand } from './commands/devnet.ts';
import { nameSetCommand, nameShowCommand } from './commands/name-cli.ts';
import { portalCommand } from './commands/portal.ts';
import { rollbackCommand, siteHistoryCommand } from './commands/history.ts';
import { promoteCommand } from './commands/promote.ts';
import { siteDestroyCommand, siteExtendCommand, siteListCommand, siteShowCommand } from './commands/site.ts';
import { UsageError, type Command, type Io } from './cli/command.ts';
import { describeError } from './cli/errors.ts';

const COMMANDS: readonly Command[] = [
  deployCommand,
  promoteCommand,
  rollbackCommand,
  siteShowCommand,
  siteHistoryCommand,
  siteListCommand,
  siteDestroyCommand,
  siteExtendCommand,
  nameSetCommand,
  nameShowCommand,
  convertCommand,
  blobPutCommand,
  blobGetCommand,
  portalCommand,
  aggregatorCommand,
  devnetCommand,
];

const HELP = `floe — deploy static websites to Walrus and Sui

usage: floe <command> [options]   (floe <command> --help for its options)

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(14)} ${c.summary}`).join('\n')}

Networks: --network devnet (default; start it with \`npm run devnet\`), testnet, mainnet.
Keys: FLOE_PRIVATE_KEY=suiprivkey…, the devnet's dev key, or the Sui CLI wallet (~/.sui).`;

export async function main(argv: string[], io: Io): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  const two = `${argv[0]} ${argv[1] ?? ''}`;
  const command = COMMANDS.find((c) => c.name === two) ?? COMMANDS.find((c) => c.name === argv[0]);
  if (!command) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
    io.err.write(
      group.length
        ? `floe ${argv[0]}: expected one of ${group.map((c) => c.name.split(' ')[1]).join(', ')}\n`
        : `floe: unknown command "${argv[0]}"\n\n${HELP}\n`,
    );
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`floe ${command.name}: ${error.message}\n\n${error.usage}\n`);
      return 2;
    }
    io.err.write(`floe ${command.name}: ${describeError(error, command.name)}\n`);
    if (process.env['FLOE_DEBUG']) io.err.write(`${(error as Error)?.stack ?? error}\n`);
    return 1;
  }
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: process.stderr,
    stdin: process.stdin,
  });
  process.exitCode = code;
}
