import { describe, expect, it } from 'vitest';
import { forwardsToPortal } from './dev-proxy.ts';

describe('forwardsToPortal', () => {
  it('leaves the app and its modules to the dev server', () => {
    expect(forwardsToPortal('/', 'localhost:5173')).toBe(false);
    expect(forwardsToPortal('/publish', 'localhost:5173')).toBe(false);
    expect(forwardsToPortal('/@vite/client', '127.0.0.1:5173')).toBe(false);
    expect(forwardsToPortal('/', undefined)).toBe(false);
  });

  it("forwards the portal's /__floe/ endpoints on any host", () => {
    expect(forwardsToPortal('/__floe/config.json', 'localhost:5173')).toBe(true);
    expect(forwardsToPortal('/__floe/sw.js', 'hello.localhost:5173')).toBe(true);
  });

  it("forwards every request on a site's host", () => {
    expect(forwardsToPortal('/', 'hello.localhost:5173')).toBe(true);
    expect(forwardsToPortal('/main.tsx', 'blog.hello.localhost:5173')).toBe(true);
  });
});
