import { describe, expect, it } from 'vitest';
import {
  checkLookupSecret,
  fetchedAsWorker,
  LookupSecretError,
  newLookupSecret,
  siteLookupKey,
} from './lookup-key.ts';

describe('lookup keys', () => {
  it('derives one stable 32-byte key per site label, different per label and per secret', () => {
    const secret = newLookupSecret();
    const hello = siteLookupKey(secret, 'hello');
    expect(Buffer.from(hello, 'base64')).toHaveLength(32);
    expect(siteLookupKey(secret, 'hello')).toBe(hello);
    expect(siteLookupKey(secret, 'blog.hello')).not.toBe(hello);
    expect(siteLookupKey(newLookupSecret(), 'hello')).not.toBe(hello);
  });

  it('refuses a configured secret too short to keep keys unguessable', () => {
    expect(() => checkLookupSecret(new Uint8Array(16))).toThrow(LookupSecretError);
    expect(checkLookupSecret(new Uint8Array(32))).toHaveLength(32);
  });

  it("goes only to the browser's own fetch of the worker script", () => {
    expect(fetchedAsWorker({ 'sec-fetch-dest': 'serviceworker' })).toBe(true);
    // A page's fetch() says `empty`; `Service-Worker: script` is a header a page can set itself.
    expect(fetchedAsWorker({ 'sec-fetch-dest': 'empty', 'service-worker': 'script' })).toBe(false);
    expect(fetchedAsWorker({})).toBe(false);
  });
});
