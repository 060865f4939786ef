// `floe devnet`: the same launcher as `npm run devnet` (chain + storage nodes on this machine).
import type { Command } from '../cli/command.ts';

export const devnetCommand: Command = {
  name: 'devnet',
  summary: 'run a local Sui chain and Walrus storage nodes (npm run devnet)',
  usage: 'usage: floe devnet [--nodes 10] [--shards 1000] [--dir .floe/devnet] [--port 9000] [--reset]',
  async run(argv) {
    // The launcher's entry point parses process.argv and runs until Ctrl-C.
    process.argv = [process.argv[0]!, 'floe-devnet', ...argv];
    await import('../../devnet/launcher/main.ts');
    return await new Promise<number>(() => {});
  },
};
