import { describe, expect, it } from 'vitest';
import { PathError, RequestPathError } from './errors.ts';
import {
  bcsStringSize,
  MAX_IDENTIFIER_SIZE,
  normalizeRequestPath,
  resourcePath,
  validateResourcePath,
} from './paths.ts';

function pathError(run: () => unknown): PathError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PathError);
    return error as PathError;
  }
  return expect.unreachable('expected a PathError');
}

describe('resourcePath', () => {
  it('joins segments under /', () => {
    expect(resourcePath(['index.html'])).toBe('/index.html');
    expect(resourcePath(['assets', 'img', 'logo.png'])).toBe('/assets/img/logo.png');
    expect(resourcePath('assets/img/logo.png')).toBe('/assets/img/logo.png');
  });

  it('turns backslashes into /', () => {
    expect(resourcePath('assets\\img\\logo.png')).toBe('/assets/img/logo.png');
    expect(resourcePath(['assets', 'img\\logo.png'])).toBe('/assets/img/logo.png');
  });

  it('allows spaces and any Unicode', () => {
    expect(resourcePath(['my docs', 'résumé 😀.pdf'])).toBe('/my docs/résumé 😀.pdf');
    expect(resourcePath(['a?b#c%20.html'])).toBe('/a?b#c%20.html');
  });

  it('rejects empty, . and .. segments', () => {
    expect(pathError(() => resourcePath(['a', '', 'b'])).reason).toMatch(/empty segment/);
    expect(pathError(() => resourcePath('a//b')).reason).toMatch(/empty segment/);
    expect(pathError(() => resourcePath([])).reason).toMatch(/empty segment/);
    expect(pathError(() => resourcePath(['a', '..', 'b'])).reason).toMatch(/`\.\.` segment/);
    expect(pathError(() => resourcePath('./a')).reason).toMatch(/`\.` segment/);
    expect(pathError(() => resourcePath('a/')).reason).toMatch(/empty segment/);
  });

  it('rejects control characters and unpaired surrogates', () => {
    const error = pathError(() => resourcePath(['a\nb.html']));
    expect(error.reason).toBe('contains the control character U+000A');
    expect(error.message).toBe('invalid resource path "/a\\nb.html": contains the control character U+000A');
    expect(pathError(() => resourcePath(['a\u007f'])).reason).toMatch(/U\+007F/);
    expect(pathError(() => resourcePath(['a\u0085'])).reason).toMatch(/U\+0085/);
    expect(pathError(() => resourcePath(['bad\ud800'])).reason).toMatch(/surrogate/);
  });

  it('enforces the 2050-byte BCS limit (ULEB128 length + UTF-8)', () => {
    expect(MAX_IDENTIFIER_SIZE).toBe(2050);
    const longest = `/${'a'.repeat(2047)}`; // 2048 bytes + 2-byte ULEB128 = 2050
    expect(bcsStringSize(longest)).toBe(2050);
    expect(resourcePath('a'.repeat(2047))).toBe(longest);
    const error = pathError(() => resourcePath('a'.repeat(2048)));
    expect(error.reason).toBe('is 2051 bytes as BCS, more than the 2050 Walrus Sites allows');
    expect(error.path).toHaveLength(2049);
    // Characters count with their UTF-8 size: `/` + 1023 × 2 bytes fits, `/` + 683 × 3 bytes does not.
    expect(() => resourcePath('é'.repeat(1023))).not.toThrow();
    expect(() => resourcePath('€'.repeat(683))).toThrow(PathError);
  });
});

describe('bcsStringSize', () => {
  it('adds the ULEB128 length prefix', () => {
    expect(bcsStringSize('')).toBe(1);
    expect(bcsStringSize('a'.repeat(127))).toBe(128);
    expect(bcsStringSize('a'.repeat(128))).toBe(130);
    expect(bcsStringSize('a'.repeat(16384))).toBe(16387);
    expect(bcsStringSize('é')).toBe(3);
  });
});

describe('validateResourcePath', () => {
  it('requires a leading /', () => {
    expect(pathError(() => validateResourcePath('index.html')).reason).toBe('must start with /');
    expect(validateResourcePath('/index.html')).toBe('/index.html');
  });

  it('keeps messages short for very long paths', () => {
    const error = pathError(() => validateResourcePath(`/${'x'.repeat(5000)}`));
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('normalizeRequestPath', () => {
  it('maps / to /index.html', () => {
    expect(normalizeRequestPath('/')).toBe('/index.html');
  });

  it('strips exactly one trailing slash and does not add index.html', () => {
    expect(normalizeRequestPath('/docs/')).toBe('/docs');
    expect(normalizeRequestPath('/docs//')).toBe('/docs/');
    expect(normalizeRequestPath('/docs')).toBe('/docs');
  });

  it('percent-decodes after stripping, like the portal', () => {
    expect(normalizeRequestPath('/my%20file.html')).toBe('/my file.html');
    expect(normalizeRequestPath('/caf%C3%A9/')).toBe('/café');
    expect(normalizeRequestPath('/a%2F')).toBe('/a/');
  });

  it('throws RequestPathError on malformed percent-encoding', () => {
    expect(() => normalizeRequestPath('/%E0%A4%A')).toThrow(RequestPathError);
    expect(() => normalizeRequestPath('/%')).toThrow(/malformed percent-encoding/);
    expect(() => normalizeRequestPath('index.html')).toThrow(/must start with \//);
  });
});
