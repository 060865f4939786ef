// Error messages for the terminal. Core's typed errors carry what went wrong as fields and a
// neutral message; this is where they are worded for the CLI, naming the flags that change the
// outcome. Floe's other errors are shown as they are (they are written for users), and a few
// foreign ones get a hint on what to do.
import { InvalidEpochsError, NotSiteOwnerError } from '../../core/deploy/errors.ts';

/** `command` is the failing command's name (`deploy`, `site extend`…): some hints fit only one. */
export function describeError(error: unknown, command?: string): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof InvalidEpochsError) {
    return `--epochs must be an integer from ${error.min} to ${error.max} (or "max"), got ${error.value}`;
  }
  if (error instanceof NotSiteOwnerError && command === 'deploy') {
    return (
      `${error.message}; deploy with the owner's key or omit --site (and object_id in ws-resources.json) ` +
      'to create a new site'
    );
  }
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  if (/fetch failed|ECONNREFUSED/i.test(error.message)) {
    return `${error.message}${cause} — is the network reachable? On the devnet, is \`npm run devnet\` running?`;
  }
  return error.message;
}
