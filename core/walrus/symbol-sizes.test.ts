import { describe, expect, it } from 'vitest';
import { KnownSymbolSizes } from './symbol-sizes.ts';

const id = (byte: number) => new Uint8Array(32).fill(byte);

describe('KnownSymbolSizes', () => {
  it('remembers, forgets, and keeps only the latest blobs within its capacity', () => {
    const sizes = new KnownSymbolSizes(2);
    expect(sizes.get(id(1))).toBe(0);
    sizes.note(id(1), 942);
    sizes.note(id(2), 10);
    sizes.note(id(1), 942); // noted again: now the latest
    sizes.note(id(3), 4);
    expect(sizes.get(id(1))).toBe(942);
    expect(sizes.get(id(2))).toBe(0);
    expect(sizes.get(id(3))).toBe(4);
    sizes.forget(id(1));
    expect(sizes.get(id(1))).toBe(0);
  });

  it('ignores sizes no column can have', () => {
    const sizes = new KnownSymbolSizes();
    for (const bad of [0, -2, 1.5, Number.NaN]) sizes.note(id(1), bad);
    expect(sizes.get(id(1))).toBe(0);
  });
});
