// Deploy errors worded for the publish page. Core's typed errors carry what went wrong as fields
// and a neutral message; here they name this page's form fields and the connected wallet (the CLI
// words the same errors with its flags, in publisher/cli/errors.ts).
import {
  InsufficientFundsError,
  InvalidEpochsError,
  NotSiteOwnerError,
} from '../../../core/deploy/errors.ts';
import { formatCoin } from '../../../core/deploy/format-coin.ts';
import { FileSourceError } from '../../../core/deploy/file-source.ts';
import { SpillQuotaError } from './spill-quota.ts';

/** Labels of the publish form's fields, as the page shows them. */
export const FIELD_LABELS = { siteId: 'Update site', epochs: 'Epochs' } as const;

export function describePublishError(error: unknown): string {
  if (error instanceof InvalidEpochsError) {
    return `${FIELD_LABELS.epochs} must be a whole number from ${error.min} to ${error.max}, not ${error.value}.`;
  }
  if (error instanceof NotSiteOwnerError) {
    const owner = error.owner ? `owned by ${error.owner}` : 'not owned by an address';
    return (
      `Site ${error.siteId} is ${owner}, not by the connected wallet (${error.signer}). Connect the ` +
      `owner's wallet, or clear "${FIELD_LABELS.siteId}" (and object_id in ws-resources.json) to ` +
      'create a new site.'
    );
  }
  if (error instanceof InsufficientFundsError) {
    const what = error.coin === 'WAL' ? 'storage for the new quilts' : 'gas';
    return (
      `The connected wallet (${error.owner}) has ${formatCoin(error.available)} ${error.coin}, but ` +
      `this deploy needs ${formatCoin(error.needed)} ${error.coin} (${what}).`
    );
  }
  if (error instanceof SpillQuotaError) {
    return (
      `This site needs ${mib(error.needed)} of browser storage while it uploads, but the browser ` +
      `grants this page ${mib(error.available)}. Free some browser storage, or deploy it with ` +
      '`floe deploy`, which has no such limit.'
    );
  }
  if (error instanceof FileSourceError) {
    return `${error.message} Pick the folder again and publish once more.`;
  }
  return error instanceof Error ? error.message : String(error);
}

function mib(bytes: number): string {
  return `${Math.ceil(bytes / (1024 * 1024))} MiB`;
}
