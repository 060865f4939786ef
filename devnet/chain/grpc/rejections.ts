// Transactions the executor refuses before running them (TransactionRejectedError) → the gRPC
// status a full node answers with. On Sui such input errors (bad signatures, unavailable object
// versions, gas checks) are all INVALID_ARGUMENT (MystenLabs/sui crates/sui-rpc-api/src/error.rs);
// the message is the executor's, the same text the devnet's JSON-RPC sends.
import { TransactionRejectedError } from '../exec/errors.ts';
import { invalidArgument } from './status.ts';

export async function rejectionsAsStatus<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TransactionRejectedError) throw invalidArgument(error.message);
    throw error;
  }
}
