// JSON-RPC errors. A handler throws RpcError to answer with a specific code (HTTP 200, as Sui's
// fullnode does); the SDK turns `{error:{code,message}}` into JsonRpcError and some callers match
// on the exact code and text (e.g. transaction-not-found is -32602 plus a fixed message).

/** JSON-RPC 2.0 error codes used by the devnet, named as in the spec. */
export const RpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

/** A JSON-RPC error to send back as-is. */
export class RpcError extends Error {
  override name = 'RpcError';
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

/** Bad or missing parameters (-32602). */
export class InvalidParamsError extends RpcError {
  override name = 'InvalidParamsError';

  constructor(message: string, data?: unknown) {
    super(RpcErrorCode.InvalidParams, message, data);
  }
}
