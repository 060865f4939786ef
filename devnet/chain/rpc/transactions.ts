// Transaction reads: sui_getTransactionBlock, sui_multiGetTransactionBlocks, sui_getTotalTransactionBlocks.
import type { TransactionRecord } from '../state/records.ts';
import type { ReadContext } from './context.ts';
import { InvalidParamsError } from './errors.ts';
import { array, flags, MAX_PAGE, txDigest } from './params.ts';
import { balanceChangesJson, effectsJson, objectChangesJson } from './render-effects.ts';
import { eventJson } from './render-event.ts';
import { parseTransactionData, rawTransaction, transactionJson } from './tx-input.ts';
import type { ContentRenderer, RpcMethods } from './types.ts';

export const TRANSACTION_OPTIONS = [
  'showInput',
  'showRawInput',
  'showEffects',
  'showRawEffects',
  'showEvents',
  'showObjectChanges',
  'showBalanceChanges',
] as const;

export type TransactionOptions = Record<(typeof TRANSACTION_OPTIONS)[number], boolean>;

export function transactionOptions(value: unknown): TransactionOptions {
  return flags(value, 'options', TRANSACTION_OPTIONS);
}

/** Sui's `SuiTransactionBlockResponse` for a stored transaction. */
export function transactionResponse(
  tx: TransactionRecord,
  options: TransactionOptions,
  render: ContentRenderer,
): Record<string, unknown> {
  const response: Record<string, unknown> = { digest: tx.digest };
  const data = options.showInput || options.showRawInput ? parseTransactionData(tx) : undefined;
  // Records whose bytes are not a TransactionData (synthetic genesis) simply have no input to show.
  if (options.showInput && data) response.transaction = transactionJson(tx, data);
  if (options.showRawInput && data) response.rawTransaction = rawTransaction(tx, data);
  if (options.showEffects) response.effects = effectsJson(tx);
  if (options.showRawEffects) response.rawEffects = [...tx.effects];
  if (options.showEvents) response.events = tx.events.map((e) => eventJson(e, render));
  if (options.showObjectChanges) response.objectChanges = objectChangesJson(tx);
  if (options.showBalanceChanges) response.balanceChanges = balanceChangesJson(tx);
  response.timestampMs = tx.timestampMs.toString();
  response.checkpoint = tx.checkpoint.toString();
  return response;
}

/** The error the SDK recognises as "not found" (TransactionError reason `notFound`). */
export function transactionNotFound(digest: string): InvalidParamsError {
  return new InvalidParamsError(`Could not find the referenced transaction [TransactionDigest(${digest})].`);
}

export function transactionMethods({ store, render }: ReadContext): RpcMethods {
  const lookup = (value: unknown, name: string) => {
    const digest = txDigest(value, name);
    const tx = store.getTransaction(digest);
    if (!tx) throw transactionNotFound(digest);
    return tx;
  };
  return {
    sui_getTransactionBlock([digest, options]) {
      return transactionResponse(lookup(digest, 'digest'), transactionOptions(options), render);
    },

    sui_multiGetTransactionBlocks([digests, options]) {
      const list = array(digests, 'digests');
      if (list.length > MAX_PAGE)
        throw new InvalidParamsError(`Too many digests: ${list.length} (at most ${MAX_PAGE} per request)`);
      const opts = transactionOptions(options);
      return list.map((d, i) => transactionResponse(lookup(d, `digests[${i}]`), opts, render));
    },

    sui_getTotalTransactionBlocks() {
      return store.latestCheckpoint().networkTotalTransactions.toString();
    },
  };
}
