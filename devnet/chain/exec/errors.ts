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

/**
 * A reason Sui's validators give for refusing a transaction's inputs, as a `UserInputError`
 * variant (MystenLabs/sui crates/sui-types/src/error.rs). Only the variants the devnet checks.
 */
export type UserInput =
  | { readonly $kind: 'SizeLimitExceeded'; readonly limit: string; readonly value: string }
  | {
      readonly $kind: 'ObjectVersionUnavailableForConsumption';
      readonly objectId: string;
      readonly version: bigint;
      readonly digest: string;
      readonly currentVersion: bigint;
    }
  | { readonly $kind: 'EmptyCommandInput' }
  | { readonly $kind: 'DuplicateObjectRefInput' };

/** The variant's text, exactly as Sui's `Display` prints it (versions in `0x` hex). */
export function userInputText(input: UserInput): string {
  switch (input.$kind) {
    case 'SizeLimitExceeded':
      return `Size limit exceeded: ${input.limit} is ${input.value}`;
    case 'ObjectVersionUnavailableForConsumption':
      return `Object ID ${input.objectId} Version 0x${input.version.toString(16)} Digest ${input.digest} is not available for consumption, current version: 0x${input.currentVersion.toString(16)}`;
    case 'EmptyCommandInput':
      return 'TransferObjects, MergeCoin, and Publish cannot have empty arguments. If MakeMoveVec has empty arguments, it must have a type specified';
    case 'DuplicateObjectRefInput':
      return "The transaction inputs contain duplicated ObjectRef's";
  }
}

/**
 * Where a transaction was refused, which decides how a full node words it: `signing` is execution
 * (the validators refuse to sign), `simulation` is dry run and dev inspect (the full node's own
 * checks, answered as invalid params).
 */
export type RejectionStage = 'signing' | 'simulation';

/** Sui's JSON-RPC code for a transaction the validators refused (sui-json-rpc-api). */
const TRANSACTION_EXECUTION_CLIENT_ERROR_CODE = -32002;
const INVALID_PARAMS = -32602;

/**
 * A transaction refused for its inputs: `input` is Sui's reason, `reason` its text, and
 * `message`/`code` what a Sui full node answers over JSON-RPC (sui-json-rpc error.rs).
 */
export class UserInputError extends TransactionRejectedError {
  override name = 'UserInputError';
  readonly input: UserInput;
  readonly reason: string;
  readonly stage: RejectionStage;

  constructor(input: UserInput, stage: RejectionStage) {
    const reason = userInputText(input);
    super(
      stage === 'signing'
        ? `Transaction validator signing failed due to issues with transaction inputs, please review the errors and try again:\n- ${reason}`
        : reason,
      stage === 'signing' ? TRANSACTION_EXECUTION_CLIENT_ERROR_CODE : INVALID_PARAMS,
    );
    this.input = input;
    this.reason = reason;
    this.stage = stage;
  }
}
