// Walrus genesis options as a JSON file, so the launcher and the chain process agree on them: the
// launcher writes the file (and computes the deployment from it), the chain builds the same
// genesis transaction from it. Bigints are decimal strings, keys base64.
import { fromBase64, toBase64 } from '@mysten/bcs';
import { readFile, writeFile } from 'node:fs/promises';
import type { WalrusGenesisOptions } from './natives/walrus/genesis.ts';

interface FileShape {
  nShards: number;
  nodes: { name: string; networkAddress: string; blsPublicKey: string; shards: number[] }[];
  storagePricePerUnit: string;
  writePricePerUnit: string;
  epochDurationMs: number;
  timestampMs: number;
  walCoins: { owner: string; amount: string }[];
}

export class WalrusGenesisFileError extends Error {
  override name = 'WalrusGenesisFileError';
}

export async function writeWalrusGenesisFile(path: string, options: WalrusGenesisOptions): Promise<void> {
  const shape: FileShape = {
    nShards: options.nShards,
    nodes: options.nodes.map((n) => ({
      name: n.name,
      networkAddress: n.networkAddress,
      blsPublicKey: toBase64(n.blsPublicKey),
      shards: [...n.shards],
    })),
    storagePricePerUnit: String(options.storagePricePerUnit),
    writePricePerUnit: String(options.writePricePerUnit),
    epochDurationMs: options.epochDurationMs,
    timestampMs: options.timestampMs,
    walCoins: (options.walCoins ?? []).map((c) => ({ owner: c.owner, amount: String(c.amount) })),
  };
  await writeFile(path, `${JSON.stringify(shape, null, 2)}\n`);
}

export async function readWalrusGenesisFile(path: string): Promise<WalrusGenesisOptions> {
  let shape: FileShape;
  try {
    shape = JSON.parse(await readFile(path, 'utf8')) as FileShape;
  } catch (cause) {
    throw new WalrusGenesisFileError(
      `cannot read Walrus genesis options from ${path}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  return {
    nShards: shape.nShards,
    nodes: shape.nodes.map((n) => ({ ...n, blsPublicKey: fromBase64(n.blsPublicKey) })),
    storagePricePerUnit: BigInt(shape.storagePricePerUnit),
    writePricePerUnit: BigInt(shape.writePricePerUnit),
    epochDurationMs: shape.epochDurationMs,
    timestampMs: shape.timestampMs,
    walCoins: shape.walCoins.map((c) => ({ owner: c.owner, amount: BigInt(c.amount) })),
  };
}
