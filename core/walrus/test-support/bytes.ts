// Fast byte-array assertions: Vitest's deep equality walks typed arrays element by element,
// which takes minutes on multi-megabyte blobs.
import { expect } from 'vitest';

export function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  let firstDifference = -1;
  const length = Math.min(actual.length, expected.length);
  for (let i = 0; i < length; i++) {
    if (actual[i] !== expected[i]) {
      firstDifference = i;
      break;
    }
  }
  expect({ length: actual.length, firstDifference }).toEqual({
    length: expected.length,
    firstDifference: -1,
  });
}
