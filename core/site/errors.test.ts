import { describe, expect, it } from 'vitest';
import {
  GlobSyntaxError,
  ObjectIdError,
  PathError,
  RequestPathError,
  SiteConfigError,
  SiteError,
} from './errors.ts';

describe('SiteConfigError', () => {
  it('names file, key and reason', () => {
    const error = new SiteConfigError('status_code 305 is not one of 301, 302, 303, 307, 308', {
      file: 'ws-resources.json',
      key: 'redirects./old',
    });
    expect(error.message).toBe(
      'ws-resources.json, key `redirects./old`: status_code 305 is not one of 301, 302, 303, 307, 308',
    );
    expect(error).toMatchObject({ file: 'ws-resources.json', key: 'redirects./old', line: undefined });
    expect(error.name).toBe('SiteConfigError');
  });

  it('puts the line (and column) first, in the clickable file:line:column form', () => {
    expect(new SiteConfigError('bad', { file: '_redirects', line: 3 }).message).toBe('_redirects:3: bad');
    expect(new SiteConfigError('bad', { file: 'a.json', line: 3, column: 7, key: 'x' }).message).toBe(
      'a.json:3:7, key `x`: bad',
    );
  });

  it('belongs to the SiteError family with its siblings', () => {
    for (const error of [
      new SiteConfigError('x', { file: 'f' }),
      new PathError('/a', 'x'),
      new RequestPathError('/a', 'x'),
      new GlobSyntaxError('[', 0, 'x'),
      new ObjectIdError('x'),
    ]) {
      expect(error).toBeInstanceOf(SiteError);
      expect(error).toBeInstanceOf(Error);
    }
  });
});

describe('PathError', () => {
  it('quotes the path so invisible characters show', () => {
    const error = new PathError('/a\u0000b ', 'contains the control character U+0000');
    expect(error.message).toBe('invalid resource path "/a\\u0000b ": contains the control character U+0000');
    expect(error.path).toBe('/a\u0000b ');
  });
});
