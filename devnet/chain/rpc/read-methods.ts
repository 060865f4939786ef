// Every read-only JSON-RPC method the devnet serves, over one store and one content renderer.
// Execution methods (execute, dry run, dev inspect, system state) come from exec/ and are merged
// into the same table by the launcher.
import type { ChainStore } from '../state/store.ts';
import { checkpointMethods } from './checkpoints.ts';
import { coinMethods } from './coins.ts';
import { dynamicFieldMethods } from './dynamic-fields.ts';
import { eventMethods } from './events.ts';
import { objectMethods } from './objects.ts';
import { transactionQueryMethods } from './transaction-query.ts';
import { transactionMethods } from './transactions.ts';
import type { ContentRenderer, RpcMethods } from './types.ts';

export function readMethods(store: ChainStore, render: ContentRenderer): RpcMethods {
  const ctx = { store, render };
  return {
    ...objectMethods(ctx),
    ...dynamicFieldMethods(ctx),
    ...coinMethods(ctx),
    ...transactionMethods(ctx),
    ...transactionQueryMethods(ctx),
    ...eventMethods(ctx),
    ...checkpointMethods(ctx),
  };
}
