// The contract between the gRPC-web server (framing, dispatch) and the service implementations.
// A service is one of the `sui.rpc.v2` ServiceType descriptors that `@mysten/sui/grpc` ships
// (`GrpcTypes.LedgerService`, …) plus a handler per method name. The server decodes the request
// with the method's input MessageType and encodes what the handler returns with its output type,
// so no handler touches protobuf wire bytes.
import type { GrpcTypes } from '@mysten/sui/grpc';
import type { Executor } from '../exec/executor.ts';
import type { ModuleRegistry } from '../move/registry.ts';
import type { ContentRenderer } from '../rpc/types.ts';
import type { ChainStore } from '../state/store.ts';

/** The descriptor of one service, as the SDK generated it (methods with input/output types). */
export type GrpcServiceDescriptor =
  | typeof GrpcTypes.LedgerService
  | typeof GrpcTypes.StateService
  | typeof GrpcTypes.MovePackageService
  | typeof GrpcTypes.NameService
  | typeof GrpcTypes.TransactionExecutionService
  | typeof GrpcTypes.SignatureVerificationService
  | typeof GrpcTypes.SubscriptionService;

/** Per-call facts a handler may need. */
export interface GrpcCallContext {
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

/**
 * A unary handler returns the response message; a server-streaming one returns an async iterable
 * of messages. Requests arrive decoded (the generated interface, e.g. `GetObjectRequest`);
 * handlers cast them to that type. Throw GrpcStatusError for a status other than OK.
 */
export type GrpcHandler = (
  request: never,
  context: GrpcCallContext,
) => Promise<object> | object | AsyncIterable<object>;

export interface GrpcService {
  readonly descriptor: GrpcServiceDescriptor;
  /** Keyed by the method's proto name, e.g. `GetObject`. Missing methods answer UNIMPLEMENTED. */
  readonly handlers: Readonly<Record<string, GrpcHandler>>;
}

/** What every service implementation is built from: the same state the JSON-RPC API reads. */
export interface GrpcServiceContext {
  readonly store: ChainStore;
  readonly executor: Executor;
  readonly registry: ModuleRegistry;
  readonly render: ContentRenderer;
}
