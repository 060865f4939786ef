import { describe, expect, it } from 'vitest';
import { headerNameProblem, headerValueProblem } from './header-syntax.ts';

describe('headerNameProblem', () => {
  it('accepts HTTP tokens', () => {
    for (const name of ['Cache-Control', 'x-custom_1', 'ETag', "a!#$%&'*+-.^_`|~z"]) {
      expect(headerNameProblem(name), name).toBeNull();
    }
  });

  it('rejects empty names, separators, non-ASCII and the reserved quilt header', () => {
    expect(headerNameProblem('')).toBe('the header name is empty');
    for (const name of ['Bad Name', 'a:b', 'a(b)', 'é', 'a\tb', 'a"b'])
      expect(headerNameProblem(name), name).toMatch(/not an HTTP token/);
    expect(headerNameProblem('X-Wal-Quilt-Patch-Internal-Id')).toMatch(/reserved/);
  });
});

describe('headerValueProblem', () => {
  it('accepts Latin-1 text, tabs and empty values', () => {
    for (const value of ['', 'max-age=60', 'a\tb', 'café', '"quoted"'])
      expect(headerValueProblem(value), value).toBeNull();
  });

  it('rejects what the Fetch Headers class would throw on or split', () => {
    expect(headerValueProblem('a\r\nSet-Cookie: x')).toBe('contains the control character U+000D');
    expect(headerValueProblem('a\nb')).toBe('contains the control character U+000A');
    expect(headerValueProblem('a\u0000')).toBe('contains the control character U+0000');
    expect(headerValueProblem('a\u007f')).toBe('contains the control character U+007F');
    expect(headerValueProblem('€')).toMatch(/header values are Latin-1/);
    expect(headerValueProblem('😀')).toMatch(/"😀"/);
  });

  it('agrees with the Fetch Headers class', () => {
    for (const value of ['ok', 'café', '€', 'a\nb', 'a\u0000']) {
      let accepted = true;
      try {
        new Headers([['x', value]]);
      } catch {
        accepted = false;
      }
      expect(headerValueProblem(value) === null, JSON.stringify(value)).toBe(accepted);
    }
  });
});
