/**
 * Which Sui gRPC methods the clients Floe must serve unmodified actually call, read from their
 * code. Each list is what that client's code paths send over gRPC-web when handed a
 * `SuiGrpcClient`; the devnet's gRPC server must implement every one (the interop test checks).
 * Methods are gRPC paths without the leading slash: `<package>.<Service>/<Method>`.
 *
 * ## `SuiGrpcClient` core API (@mysten/sui 2.33.1)
 * Source: `dist/grpc/core.mjs` and `dist/grpc/client.mjs` (MystenLabs/ts-sdks
 * packages/sui/src/grpc/core.ts, client.ts), `dist/client/core.mjs` (src/client/core.ts).
 * - `getObjects`, `getObject`, `getDynamicField`, `getDynamicObjectField` → BatchGetObjects (the
 *   core never uses GetObject), in chunks of 50. Read mask: `owner`, `object_type`, `digest`,
 *   `version`, `object_id`, plus `contents` / `previous_transaction` / `bcs` / `json` /
 *   `display` per `include`; `getDynamicField` asks for `contents` and `previous_transaction`
 *   and slices the value out of the `Field` contents. A missing object is a per-item `error`
 *   with code NOT_FOUND, which becomes an `ObjectError` carrying the server's message.
 * - `listOwnedObjects` → StateService.ListOwnedObjects (same mask); `listCoins` → the same with
 *   `object_type` `0x2::coin::Coin<T>` and `balance` added to the mask.
 * - `getBalance` → GetBalance; `listBalances` → ListBalances; `getCoinMetadata` → GetCoinInfo (any
 *   error other than an abort reads as "no metadata"); `listDynamicFields` → ListDynamicFields
 *   (mask `field_id`, `name`, `value_type`, `kind`, `child_id`, plus `value`).
 * - `getTransaction`, `waitForTransaction` (polls) → GetTransaction; `executeTransaction`,
 *   `signAndExecuteTransaction` → ExecuteTransaction. Mask: `digest`, `transaction.digest`,
 *   `signatures`, `effects.status`, `timestamp`, `checkpoint`, plus `transaction.sender`,
 *   `transaction.gas_payment`, `transaction.expiration`, `transaction.kind` (include.transaction),
 *   `transaction.bcs`, `balance_changes`, `effects` (its `bcs` too), `events`,
 *   `effects.changed_objects.object_type` and `.object_id` (include.objectTypes).
 * - `simulateTransaction` → SimulateTransaction with the same paths under `transaction.` and
 *   `command_outputs`. `Transaction.build` resolves unresolved inputs, gas price, budget and
 *   payment by SimulateTransaction too (`doGasSelection`, mask `transaction.transaction.sender`,
 *   `.gas_payment`, `.expiration`, `.kind`, `transaction.effects.status`, `.epoch`), not by
 *   GetFunction; a transaction paying gas from the address balance (`gas_payment` set to [] with a
 *   budget) then also needs GetServiceInfo and, without an epoch in the answer, GetEpoch.
 * - `getReferenceGasPrice` (mask `reference_gas_price`), `getProtocolConfig` (`protocol_config`),
 *   `getCurrentSystemState` (`system_state.*`) → GetEpoch; `getChainIdentifier` →
 *   GetServiceInfo (`chain_id`, cached).
 * - `listTransactions` → ListTransactions, `listEvents` → ListEvents: both server-streaming.
 * - `verifyZkLoginSignature` → SignatureVerificationService.VerifySignature.
 * - `resolveNameServiceAddress` → NameService.LookupName: NOT_FOUND, and RESOURCE_EXHAUSTED with
 *   the message "name has expired", read as `{ address: null }`; `defaultNameServiceName` →
 *   ReverseLookupName, any error passed on to the caller.
 * - `getMoveFunction` → MovePackageService.GetFunction.
 * - MVR names (`@org/pkg`) go to the MVR HTTP API, not to the node; localnet has no default MVR
 *   URL. GetObject, BatchGetTransactions, GetCheckpoint, ListCheckpoints, GetPackage,
 *   GetDatatype, ListPackageVersions and SubscriptionService are never called by the core API
 *   (only through the raw `client.ledgerService`… service clients).
 *
 * ## `@mysten/walrus` `WalrusClient` (1.2.13)
 * Source: `dist/client.mjs`, `dist/utils/object-loader.mjs`, `dist/contracts/utils/index.mjs`
 * (MystenLabs/ts-sdks packages/walrus/src). Reads go through `client.core.getObjects` (a
 * DataLoader batching system, staking, committee and blob objects and `u64`-keyed dynamic
 * fields, mask + `contents`) and `getDynamicField` (blob attributes) → BatchGetObjects;
 * the WAL coin type comes from `getMoveFunction(walrus, 'staking', 'stake_with_pool')`
 * parameter 1 (`Coin<WAL>`) → GetFunction. Writes: `signer.signAndExecuteTransaction` builds
 * (SimulateTransaction) and runs ExecuteTransaction with include `transaction` + `effects`; WAL
 * payments and the upload-relay tip are `coinWithBalance` intents, resolved with GetBalance and,
 * for WAL, ListOwnedObjects (`listCoins`); every write then `waitForTransaction` →
 * GetTransaction (`effects` added in the flows that read the created Blob).
 *
 * ## `@mysten/suins` `SuinsClient` (1.2.3)
 * Source: `dist/suins-client.mjs`, `dist/pyth/pyth.mjs` (MystenLabs/ts-sdks packages/suins/src).
 * `getNameRecord`, the price lists and the coin discounts are `getDynamicField` (records under
 * `registryTableId`, configs under `suins`), `getObjectType` and the Pyth helpers `getObject` /
 * `getDynamicObjectField`: all BatchGetObjects (mask + `contents`, `previous_transaction`).
 * `getNameRecord` applies no expiry rule and throws the `ObjectError` of a missing record.
 * `SuinsTransaction` only builds PTBs; whoever executes them makes the transaction calls.
 *
 * ## dapp-kit (@mysten/dapp-kit-core 1.6.13, @mysten/dapp-kit-react 2.1.15)
 * Source: `dapp-kit-core/dist/index.mjs`, `dist/web/index.mjs` (MystenLabs/ts-sdks
 * packages/dapp-kit-next). The account button asks `core.defaultNameServiceName` →
 * ReverseLookupName (any error shows no name). `signTransaction` / `signAndExecuteTransaction`
 * serialize with `transaction.toJSON({ client })`, which resolves intents the wallet does not
 * support (`coinWithBalance`: GetBalance, ListOwnedObjects); the wallet builds and executes with
 * its own client. Only the burner wallet (`enableBurnerWallet`, off in Floe) builds
 * (SimulateTransaction) and executes (ExecuteTransaction, needing `effects.bcs`) through the
 * dApp's client. The React package adds no calls of its own.
 *
 * ## walrus-sites portal 2.12 (`portal/common`)
 * Source: MystenLabs/walrus-sites at v2.12.0 (1cd9e75a), `portal/common/lib/src/rpc_selector.ts`,
 * `resource.ts`, `routing.ts`, `suins.ts`. One `SuiGrpcClient` per configured URL; every read is
 * `core.getObjects` → BatchGetObjects: the site object with its resource field (include
 * `content` + `display`), the `routes` / `redirects` fields (`content`), and SuiNS records through
 * `new SuinsClient({ client, network })` (`getDynamicField`: `contents`, `previous_transaction`).
 * It tells a missing object from a failure by shape: an `Error` element whose message matches
 * `/^Object 0x[0-9a-f]+ not found/` and that has no gRPC `code`, so the per-object NOT_FOUND
 * message must read "Object 0x… not found" as a full node's does; INVALID_ARGUMENT stops its
 * failover, any other error retries the next node. `network` is "testnet" | "mainnet" only, so
 * its SuinsClient always reads SuiNS's own `registryTableId`.
 */

const LEDGER = 'sui.rpc.v2.LedgerService';
const STATE = 'sui.rpc.v2.StateService';
const MOVE_PACKAGE = 'sui.rpc.v2.MovePackageService';
const NAME = 'sui.rpc.v2.NameService';
const EXECUTION = 'sui.rpc.v2.TransactionExecutionService';
const SIGNATURE = 'sui.rpc.v2.SignatureVerificationService';

/** Building, signing and executing a transaction through the client, then waiting for it. */
const TRANSACTION_WRITES = [
  `${EXECUTION}/SimulateTransaction`,
  `${EXECUTION}/ExecuteTransaction`,
  `${LEDGER}/GetTransaction`,
] as const;

/** Resolving `coinWithBalance` intents: the sender's balance, then its coins of the type. */
const COIN_INTENTS = [`${STATE}/GetBalance`, `${STATE}/ListOwnedObjects`] as const;

export const CLIENT_METHODS: Readonly<Record<string, readonly string[]>> = {
  '@mysten/sui SuiGrpcClient.core': [
    `${LEDGER}/GetServiceInfo`,
    `${LEDGER}/BatchGetObjects`,
    `${LEDGER}/GetTransaction`,
    `${LEDGER}/GetEpoch`,
    `${LEDGER}/ListTransactions`,
    `${LEDGER}/ListEvents`,
    `${STATE}/ListDynamicFields`,
    `${STATE}/ListOwnedObjects`,
    `${STATE}/GetCoinInfo`,
    `${STATE}/GetBalance`,
    `${STATE}/ListBalances`,
    `${MOVE_PACKAGE}/GetFunction`,
    `${NAME}/LookupName`,
    `${NAME}/ReverseLookupName`,
    `${EXECUTION}/ExecuteTransaction`,
    `${EXECUTION}/SimulateTransaction`,
    `${SIGNATURE}/VerifySignature`,
  ],
  '@mysten/walrus WalrusClient': [
    `${LEDGER}/BatchGetObjects`,
    `${MOVE_PACKAGE}/GetFunction`,
    ...TRANSACTION_WRITES,
    ...COIN_INTENTS,
  ],
  '@mysten/suins SuinsClient': [`${LEDGER}/BatchGetObjects`],
  // The transaction calls are the burner wallet's, which signs with the dApp's own client.
  '@mysten/dapp-kit-core': [
    `${NAME}/ReverseLookupName`,
    ...COIN_INTENTS,
    `${EXECUTION}/SimulateTransaction`,
    `${EXECUTION}/ExecuteTransaction`,
  ],
  'walrus-sites portal/common 2.12': [`${LEDGER}/BatchGetObjects`],
};
