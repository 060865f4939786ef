import { describe, expect, it } from 'vitest';
import {
  DeployCancelledError,
  InsufficientFundsError,
  InvalidEpochsError,
  NotSiteOwnerError,
} from '../../../core/deploy/errors.ts';
import { FileSourceError } from '../../../core/deploy/file-source.ts';
import { SpillQuotaError } from './spill-quota.ts';
import { describePublishError } from './error-wording.ts';

const SITE = '0x' + '1'.repeat(64);
const OWNER = '0x' + '2'.repeat(64);
const WALLET = '0x' + '3'.repeat(64);

describe('describePublishError', () => {
  it('should name the Epochs field and its range, not a CLI flag', () => {
    const message = describePublishError(new InvalidEpochsError(1.5, 1, 53));
    expect(message).toBe('Epochs must be a whole number from 1 to 53, not 1.5.');
    expect(message).not.toContain('--');
  });

  it('should point at the wallet and the Update site field for a site of another owner', () => {
    const message = describePublishError(new NotSiteOwnerError(SITE, OWNER, WALLET));
    expect(message).toBe(
      `Site ${SITE} is owned by ${OWNER}, not by the connected wallet (${WALLET}). Connect the owner's ` +
        'wallet, or clear "Update site" (and object_id in ws-resources.json) to create a new site.',
    );
    expect(message).not.toContain('--');
  });

  it('should say which coin the connected wallet lacks', () => {
    expect(describePublishError(new InsufficientFundsError('SUI', 2_000_000n, 1_000_000n, WALLET))).toBe(
      `The connected wallet (${WALLET}) has 0.001 SUI, but this deploy needs 0.002 SUI (gas).`,
    );
  });

  it('should say how much browser storage a spill needs and point to the CLI', () => {
    const text = describePublishError(new SpillQuotaError(3 * 1024 ** 3, 1024 ** 3));
    expect(text).toContain('3072 MiB of browser storage');
    expect(text).toContain('grants this page 1024 MiB');
    expect(text).toContain('floe deploy');
  });

  it('should ask for the folder again when a picked file changed during the publish', () => {
    const text = describePublishError(new FileSourceError('video.mp4 changed during the deploy.'));
    expect(text).toBe('video.mp4 changed during the deploy. Pick the folder again and publish once more.');
  });

  it("should show other errors' own message", () => {
    expect(describePublishError(new DeployCancelledError('deploy cancelled; nothing was changed'))).toBe(
      'deploy cancelled; nothing was changed',
    );
    expect(describePublishError('boom')).toBe('boom');
  });
});
