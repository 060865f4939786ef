// How many epochs new quilts are stored for: a number the caller chose, or as long as the Walrus
// system sells storage ahead (`max`).
import { InvalidEpochsError } from './errors.ts';

export const MIN_EPOCHS = 1;

/** `epochs` as a number of epochs, checked against `max` (the system's future accounting length). */
export function resolveEpochs(epochs: number | 'max', max: number): number {
  if (epochs === 'max') return max;
  if (!Number.isInteger(epochs) || epochs < MIN_EPOCHS || epochs > max) {
    throw new InvalidEpochsError(epochs, MIN_EPOCHS, max);
  }
  return epochs;
}
