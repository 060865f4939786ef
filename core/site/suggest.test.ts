import { describe, expect, it } from 'vitest';
import { closestKey } from './suggest.ts';

const KEYS = ['headers', 'routes', 'redirects', 'metadata', 'site_name', 'object_id', 'ignore'];

describe('closestKey', () => {
  it('sees through case, dashes and underscores', () => {
    expect(closestKey('site-name', KEYS)).toBe('site_name');
    expect(closestKey('siteName', KEYS)).toBe('site_name');
    expect(closestKey('OBJECT-ID', KEYS)).toBe('object_id');
  });

  it('catches small typos', () => {
    expect(closestKey('header', KEYS)).toBe('headers');
    expect(closestKey('redirect', KEYS)).toBe('redirects');
    expect(closestKey('rotues', KEYS)).toBe('routes');
    expect(closestKey('meta_data', KEYS)).toBe('metadata');
  });

  it('suggests nothing for unrelated keys', () => {
    expect(closestKey('banana', KEYS)).toBeNull();
    expect(closestKey('x', KEYS)).toBeNull();
    expect(closestKey('anything', [])).toBeNull();
  });
});
