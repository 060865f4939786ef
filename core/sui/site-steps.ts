// Marking the transactions of one multi-transaction site update, so history can tell a deploy's
// finished state from the half-applied states between its transactions. The mark is an unused
// pure input (Sui accepts inputs no command reads): it costs a few bytes, changes nothing on chain
// and other tools ignore it. A one-transaction update carries no mark.
import type { SuiClientTypes } from '@mysten/sui/client';
import { fromBase64 } from '@mysten/sui/utils';

const PREFIX = 'floe-step ';

export interface UpdateStep {
  /** 1-based position of this transaction in its update. */
  readonly index: number;
  readonly count: number;
}

export function stepMarker(step: UpdateStep): Uint8Array {
  return new TextEncoder().encode(`${PREFIX}${step.index}/${step.count}`);
}

/** The step a transaction marks itself as, or null for an unmarked (complete) update. */
export function readStepMarker(tx: SuiClientTypes.TransactionData): UpdateStep | null {
  for (const input of tx.inputs as readonly { readonly Pure?: { readonly bytes: string } }[]) {
    const bytes = input.Pure?.bytes;
    if (bytes === undefined || bytes.length > 40) continue;
    const text = new TextDecoder().decode(fromBase64(bytes));
    const match = /^floe-step (\d{1,4})\/(\d{1,4})$/.exec(text);
    if (!match) continue;
    const index = Number(match[1]);
    const count = Number(match[2]);
    if (index >= 1 && index <= count) return { index, count };
  }
  return null;
}
