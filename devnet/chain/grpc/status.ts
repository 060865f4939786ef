// gRPC status errors for the devnet's Sui gRPC API. A handler throws GrpcStatusError to answer
// with a status code and message; the server sends them as the `grpc-status` / `grpc-message`
// trailers, which `@mysten/sui/grpc` turns into an `RpcError` whose `code` is the status name
// (e.g. 'NOT_FOUND'), exactly as it does against a real full node.
import { GrpcStatusCode } from '@mysten/sui/grpc';

export { GrpcStatusCode };

export class GrpcStatusError extends Error {
  override name = 'GrpcStatusError';
  readonly code: GrpcStatusCode;

  constructor(code: GrpcStatusCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** A request field that is missing or malformed (INVALID_ARGUMENT), named as Sui names it. */
export function invalidArgument(message: string): GrpcStatusError {
  return new GrpcStatusError(GrpcStatusCode.INVALID_ARGUMENT, message);
}

export function notFound(message: string): GrpcStatusError {
  return new GrpcStatusError(GrpcStatusCode.NOT_FOUND, message);
}
