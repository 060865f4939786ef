import { describe, expect, it } from 'vitest';
import { InsufficientFundsError, InvalidEpochsError, NotSiteOwnerError } from '../../core/deploy/errors.ts';
import { describeError } from './errors.ts';

const SITE = '0x' + '1'.repeat(64);
const OWNER = '0x' + '2'.repeat(64);
const SIGNER = '0x' + '3'.repeat(64);

describe('describeError', () => {
  it('should name --epochs and its range for epochs the network does not sell', () => {
    expect(describeError(new InvalidEpochsError(60, 1, 53), 'deploy')).toBe(
      '--epochs must be an integer from 1 to 53 (or "max"), got 60',
    );
  });

  it("should tell a deploy to another owner's site how to deploy anyway", () => {
    const message = describeError(new NotSiteOwnerError(SITE, OWNER, SIGNER), 'deploy');
    expect(message).toBe(
      `site ${SITE} is owned by ${OWNER}, not by ${SIGNER}; deploy with the owner's key or omit --site ` +
        '(and object_id in ws-resources.json) to create a new site',
    );
  });

  it('should leave the --site hint out of commands that have no --site', () => {
    expect(describeError(new NotSiteOwnerError(SITE, null, SIGNER), 'rollback')).toBe(
      `site ${SITE} is not owned by an address, not by ${SIGNER}`,
    );
  });

  it('should show the message of errors that name no flag', () => {
    const poor = new InsufficientFundsError('WAL', 1_500_000_000n, 0n, SIGNER);
    expect(describeError(poor, 'deploy')).toBe(
      `${SIGNER} has 0 WAL but this deploy needs 1.5 WAL (storage for the new quilts)`,
    );
  });

  it('should hint at the network when a request could not connect', () => {
    const error = new Error('fetch failed', { cause: new Error('ECONNREFUSED 127.0.0.1:9000') });
    expect(describeError(error)).toBe(
      'fetch failed (ECONNREFUSED 127.0.0.1:9000) — is the network reachable? On the devnet, is `npm run devnet` running?',
    );
  });
});
