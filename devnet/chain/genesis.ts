// Genesis: the objects a new devnet starts with, committed as checkpoint 0 by a pseudo
// transaction whose digest is derived from its contents (there is nothing to sign).
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { effectsBcs } from './exec/effects.ts';
import { storageCost } from './exec/gas.ts';
import { deriveObjectId, digestOf, objectDigest } from './exec/ids.ts';
import { ownerKey } from './exec/overlay.ts';
import type { ModuleRegistry } from './move/registry.ts';
import { parseType, typeToString } from './move/types.ts';
import type { ChainObject, CommitBatch, Owner } from './state/records.ts';

export interface GenesisObject {
  /** Type text with full addresses, e.g. `0x2::coin::Coin<0x2::sui::SUI>`. */
  readonly type: string;
  readonly owner: Owner;
  /** The Move value without its `id`; a fresh ID is assigned. */
  readonly fields: Record<string, unknown>;
}

export function genesisBatch(
  registry: ModuleRegistry,
  objects: readonly GenesisObject[],
  timestampMs: number,
): CommitBatch {
  const label = JSON.stringify(objects, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? [...v] : v,
  );
  const digest = digestOf('floe-devnet-genesis', new TextEncoder().encode(label));
  const written: ChainObject[] = objects.map((object, i) => {
    const type = parseType(object.type);
    const id = deriveObjectId(digest, i);
    const contents = registry
      .schema(type)
      .serialize({ id, ...object.fields } as never)
      .toBytes();
    const owner: Owner =
      typeof object.owner === 'object' && 'Shared' in object.owner
        ? { Shared: { initial_shared_version: '1' } }
        : object.owner;
    const abilities = registry.abilities(type);
    return {
      id: normalizeSuiAddress(id),
      version: 1n,
      digest: objectDigest(id, 1n, contents, ownerKey(owner)),
      owner,
      type: typeToString(type),
      contents,
      hasPublicTransfer: abilities.includes('key') && abilities.includes('store'),
      previousTransaction: digest,
      storageRebate: storageCost(contents.length),
    };
  });
  const changes = written.map((o) => ({
    id: o.id,
    kind: 'created' as const,
    after: { version: o.version, digest: o.digest, owner: o.owner, type: o.type },
  }));
  const gasUsed = { computationCost: 0n, storageCost: 0n, storageRebate: 0n, nonRefundableStorageFee: 0n };
  const gasObject = written[0] ?? {
    id: normalizeSuiAddress('0x0'),
    version: 1n,
    digest,
    owner: 'Immutable' as const,
  };
  return {
    transaction: {
      digest,
      txBytes: new Uint8Array(0),
      signatures: [],
      effects: effectsBcs({
        status: { success: true },
        executedEpoch: 0n,
        gasUsed,
        transactionDigest: digest,
        gasObjectId: gasObject.id,
        eventsDigest: null,
        dependencies: [],
        lamportVersion: 1n,
        changes,
        readOnlyShared: [],
      }),
      sender: normalizeSuiAddress('0x0'),
      status: { success: true },
      gasUsed,
      gasObject: { id: gasObject.id, version: 1n, digest: gasObject.digest, owner: gasObject.owner },
      executedEpoch: 0n,
      lamportVersion: 1n,
      changes,
      balanceChanges: [],
      events: [],
      dependencies: [],
      checkpoint: 0n,
      timestampMs,
    },
    written,
    deleted: [],
  };
}
