import { describe, expect, it } from 'vitest';
import { codePointName, findControlCharacter, isWellFormed } from './text.ts';

describe('isWellFormed', () => {
  it('rejects lone surrogates only', () => {
    expect(isWellFormed('plain é 😀')).toBe(true);
    expect(isWellFormed('\ud83d')).toBe(false);
    expect(isWellFormed('\ude00x')).toBe(false);
    expect(isWellFormed('x\ud83d\ud83d')).toBe(false);
  });
});

describe('findControlCharacter', () => {
  it('finds C0, DEL and C1 controls', () => {
    expect(findControlCharacter('fine text é')).toBeNull();
    expect(findControlCharacter('a\tb')).toBe(9);
    expect(findControlCharacter('a\u007f')).toBe(0x7f);
    expect(findControlCharacter('a\u009b')).toBe(0x9b);
    expect(findControlCharacter('\u00a0')).toBeNull();
  });

  it('names code points', () => {
    expect(codePointName(10)).toBe('U+000A');
    expect(codePointName(0x1f600)).toBe('U+1F600');
  });
});
