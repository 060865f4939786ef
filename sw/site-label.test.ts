import { describe, expect, it } from 'vitest';
import { isPortalPath } from '../core/serve/portal-protocol.ts';
import { siteLabelOf } from './site-label.ts';

const ORIGIN = 'http://hello.localhost:3000';
const label = (path: string, origin = ORIGIN) => siteLabelOf(new URL(path, origin), origin, 'localhost');

describe('siteLabelOf', () => {
  it("names the site of a request to the worker's own origin", () => {
    expect(label('/index.html')).toBe('hello');
    expect(label('/__floe')).toBe('hello'); // only the folder is the portal's
    expect(label('/__FLOE/x')).toBe('hello'); // paths are case-sensitive
  });

  it('names a SuiNS subname by all its labels, as the portal server does', () => {
    expect(label('/', 'http://blog.hello.localhost:3000')).toBe('blog.hello');
    const portal = 'https://blog.hello.portal.example';
    expect(siteLabelOf(new URL('/x', portal), portal, 'portal.example')).toBe('blog.hello');
  });

  it("leaves the portal's /__floe/ files, other origins and the apex to the network", () => {
    expect(label('/__floe/sw.js')).toBeNull();
    expect(label('/__floe/config.json')).toBeNull();
    expect(label('/a/../__floe/config.json')).toBeNull(); // the URL parser resolves dot segments
    expect(siteLabelOf(new URL('http://other.localhost:3000/x'), ORIGIN, 'localhost')).toBeNull();
    expect(label('/', 'http://localhost:3000')).toBeNull();
  });

  it('lets the site service refuse a spelling that only decodes to /__floe/', () => {
    // The browser keeps %5F as it is; the site service decodes the path and refuses it.
    expect(label('/%5F%5Ffloe/config.json')).toBe('hello');
    expect(isPortalPath(decodeURIComponent('/%5F%5Ffloe/config.json'))).toBe(true);
  });
});
