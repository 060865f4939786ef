// Error messages for the terminal: the message of Floe's own typed errors as they are (they are
// written for users), and for a few foreign ones a hint on what to do.
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  if (/fetch failed|ECONNREFUSED/i.test(error.message)) {
    return `${error.message}${cause} — is the network reachable? On the devnet, is \`npm run devnet\` running?`;
  }
  return error.message;
}
