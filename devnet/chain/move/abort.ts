// Failures inside execution. A MoveAbort carries what Sui reports (module, function, code); other
// execution failures name Sui's ExecutionFailureStatus variant. Both roll the transaction back
// except for gas.

export class MoveAbort extends Error {
  override name = 'MoveAbort';
  readonly address: string;
  readonly module: string;
  readonly function: string;
  readonly code: bigint;

  constructor(address: string, module: string, fn: string, code: number | bigint, reason?: string) {
    super(`MoveAbort in ${module}::${fn} with code ${code}${reason ? ` (${reason})` : ''}`);
    this.address = address;
    this.module = module;
    this.function = fn;
    this.code = BigInt(code);
  }
}

/** A non-abort execution failure, named after Sui's `ExecutionFailureStatus` variant. */
export class ExecutionFailure extends Error {
  override name = 'ExecutionFailure';
  readonly kind: string;
  /** Extra BCS-shaped data for the variant, when it has any. */
  readonly data: unknown;

  constructor(kind: string, message: string, data: unknown = true) {
    super(message);
    this.kind = kind;
    this.data = data;
  }
}
