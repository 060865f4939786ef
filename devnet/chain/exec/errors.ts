// Transactions refused before execution (nothing changes, not even gas), with Sui-like messages.

export class TransactionRejectedError extends Error {
  override name = 'TransactionRejectedError';
  /** JSON-RPC error code the server answers with. */
  readonly code: number;

  constructor(message: string, code = -32002) {
    super(message);
    this.code = code;
  }
}
