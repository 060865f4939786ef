// The two transactions the publisher sends besides WalrusWriter's: registering a permanent blob
// (the writer registers deletable ones, as deploys want) and sending a new Blob object to the
// address `send_object_to` names. Move calls come from @mysten/walrus, as the writer's do.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { Transaction } from '@mysten/sui/transactions';
import type { WalrusClient } from '@mysten/walrus';
import type { ExecuteTransaction } from '../core/sui/execute.ts';
import { blobIdToText } from '../core/walrus/blob-id.ts';
import type { EncodedBlob } from '../core/walrus/encoding.ts';
import { TransactionFailedError, type OwnedBlob } from '../core/walrus/writer.ts';
import { readBlobObject } from './blob-object.ts';

export interface ChainSigner {
  readonly sui: ClientWithCoreApi;
  readonly walrus: WalrusClient;
  readonly owner: string;
  readonly execute: ExecuteTransaction;
}

/** Registers `encoded` as a permanent blob owned by the signer. */
export async function registerPermanentBlob(
  ctx: ChainSigner,
  item: { readonly encoded: EncodedBlob; readonly size: number; readonly quilt: boolean },
  epochs: number,
): Promise<OwnedBlob> {
  const tx = new Transaction();
  tx.setSender(ctx.owner);
  const blob = await tx.add(
    ctx.walrus.registerBlob({
      size: item.size,
      epochs,
      blobId: blobIdToText(item.encoded.blobId),
      rootHash: item.encoded.rootHash,
      deletable: false,
      ...(item.quilt ? { attributes: { _walrusBlobType: 'quilt' } } : {}),
    }),
  );
  tx.transferObjects([blob], ctx.owner);
  const created = await run(ctx, tx, 'register a permanent blob');
  const type = await ctx.walrus.getBlobType();
  const { objects } = await ctx.sui.core.getObjects({ objectIds: created });
  const id = objects.find((o) => !(o instanceof Error) && o.type === type);
  if (!id || id instanceof Error) throw new TransactionFailedError('registration created no Blob object');
  const object = await readBlobObject(ctx.sui, id.objectId);
  return {
    objectId: object.id,
    blobId: object.blobId,
    size: object.size,
    certified: object.certifiedEpoch !== null,
    endEpoch: object.storage.endEpoch,
    deletable: object.deletable,
  };
}

/** Sends the Blob object to `recipient` (the publisher's `send_object_to`). */
export async function transferBlob(ctx: ChainSigner, objectId: string, recipient: string): Promise<void> {
  const tx = new Transaction();
  tx.setSender(ctx.owner);
  tx.transferObjects([tx.object(objectId)], recipient);
  await run(ctx, tx, `send blob object ${objectId} to ${recipient}`);
}

/** Executes `tx`, fails clearly when it aborted, and returns the IDs of the objects it created. */
async function run(ctx: ChainSigner, tx: Transaction, what: string): Promise<string[]> {
  const { digest } = await ctx.execute(tx);
  const result = await ctx.sui.core.waitForTransaction({ digest, include: { effects: true } });
  const executed = result.Transaction ?? result.FailedTransaction;
  if (!executed.status.success) {
    throw new TransactionFailedError(`${what} failed (${digest}): ${executed.status.error.message}`);
  }
  return executed.effects.changedObjects.filter((c) => c.idOperation === 'Created').map((c) => c.objectId);
}
