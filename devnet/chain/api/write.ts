// JSON-RPC methods that run transactions: execute (durable before it answers), dry-run and
// devInspect (never committed), plus the Move-signature and system-state reads they depend on.
import { fromBase64 } from '@mysten/bcs';
import type { Executor } from '../exec/executor.ts';
import { TransactionRejectedError } from '../exec/errors.ts';
import type { ModuleRegistry } from '../move/registry.ts';
import { InvalidParamsError, RpcError } from '../rpc/errors.ts';
import { address, isAbsent, show } from '../rpc/params.ts';
import { effectsJson, balanceChangesJson, objectChangesJson } from '../rpc/render-effects.ts';
import { eventJson } from '../rpc/render-event.ts';
import { transactionOptions, transactionResponse } from '../rpc/transactions.ts';
import type { ContentRenderer, RpcMethods } from '../rpc/types.ts';
import type { TransactionRecord } from '../state/records.ts';
import type { ChainStore } from '../state/store.ts';
import { normalizedFunction, normalizedModule } from './move.ts';
import { systemState } from './system.ts';

export interface WriteContext {
  readonly store: ChainStore;
  readonly executor: Executor;
  readonly registry: ModuleRegistry;
  readonly render: ContentRenderer;
}

export function writeMethods({ store, executor, registry, render }: WriteContext): RpcMethods {
  return {
    sui_executeTransactionBlock: async (params) => {
      const [bytes, signatures, options] = params;
      const txBytes = base64Param(bytes, 'tx_bytes');
      if (!Array.isArray(signatures) || signatures.some((s) => typeof s !== 'string')) {
        throw new InvalidParamsError('signatures must be an array of base64 strings');
      }
      // Every parameter is checked before the transaction runs: once it is committed, an error
      // answer would tell the client it failed.
      const opts = transactionOptions(options);
      const record = await rejectAsRpc(() => executor.execute(txBytes, signatures as string[]));
      return { ...transactionResponse(record, opts, render), confirmedLocalExecution: true };
    },
    sui_dryRunTransactionBlock: async (params) => {
      const record = await rejectAsRpc(() => executor.dryRun(base64Param(params[0], 'tx_bytes')));
      return {
        effects: effectsJson(record),
        events: record.events.map((e) => eventJson(e, render)),
        objectChanges: objectChangesJson(record),
        balanceChanges: balanceChangesJson(record),
        input: {},
      };
    },
    sui_devInspectTransactionBlock: async (params) => {
      const [sender, kind, gasPrice] = params;
      const senderAddress = address(sender, 'sender_address');
      const kindBytes = base64Param(kind, 'tx_bytes');
      const price = isAbsent(gasPrice) ? undefined : u64Param(gasPrice, 'gas_price');
      const outcome = await rejectAsRpc(() => executor.devInspect(senderAddress, kindBytes, price));
      return devInspectJson(outcome.record, outcome.results, render);
    },
    sui_getNormalizedMoveFunction: (params) => {
      const [pkg, module, fn] = params;
      if (typeof pkg !== 'string' || typeof module !== 'string' || typeof fn !== 'string') {
        throw new InvalidParamsError('expected [package, module, function]');
      }
      return normalizedFunction(registry, pkg, module, fn);
    },
    sui_getNormalizedMoveModule: (params) => {
      const [pkg, module] = params;
      if (typeof pkg !== 'string' || typeof module !== 'string')
        throw new InvalidParamsError('expected [package, module]');
      return normalizedModule(registry, pkg, module);
    },
    sui_getNormalizedMoveModulesByPackage: (params) => {
      const [pkg] = params;
      if (typeof pkg !== 'string') throw new InvalidParamsError('expected [package]');
      return Object.fromEntries(
        registry.modulesOf(pkg).map((m) => [m.name, normalizedModule(registry, pkg, m.name)]),
      );
    },
    suix_getLatestSuiSystemState: () => systemState(store),
    sui_getProtocolConfig: () => ({
      minSupportedProtocolVersion: '1',
      maxSupportedProtocolVersion: '100',
      protocolVersion: '100',
      featureFlags: {},
      attributes: {},
    }),
  };
}

function devInspectJson(
  record: TransactionRecord,
  results: { bytes: Uint8Array; type: string }[][] | undefined,
  render: ContentRenderer,
) {
  return {
    effects: effectsJson(record),
    events: record.events.map((e) => eventJson(e, render)),
    ...(results
      ? { results: results.map((values) => ({ returnValues: values.map((v) => [[...v.bytes], v.type]) })) }
      : { error: record.status.success ? undefined : record.status.error }),
  };
}

/** A u64 as Sui sends it: a decimal string (or a safe integer). */
function u64Param(value: unknown, name: string): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text === 'string' && /^\d{1,20}$/.test(text) && BigInt(text) < 2n ** 64n) return BigInt(text);
  throw new InvalidParamsError(`Invalid ${name}: expected a u64, got ${show(value)}`);
}

function base64Param(value: unknown, name: string): Uint8Array {
  if (typeof value !== 'string') throw new InvalidParamsError(`${name} must be a base64 string`);
  try {
    return fromBase64(value);
  } catch {
    throw new InvalidParamsError(`${name} is not valid base64`);
  }
}

/** Pre-execution rejections become JSON-RPC errors with the executor's message and code. */
async function rejectAsRpc<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TransactionRejectedError) throw new RpcError(error.code, error.message);
    throw error;
  }
}
