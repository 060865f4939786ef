import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PortalErrorKind } from './error-page.ts';
import {
  BOOTSTRAP_SCRIPT_PATH,
  BOOTSTRAP_STATUS_ID,
  CHAIN_UNAVAILABLE_ERROR,
  CONFIG_PATH,
  EMBEDDED_CONFIG_GLOBAL,
  ERROR_HEADER,
  FLOE_WORKER_PATH,
  FOREIGN_WORKER_ERROR,
  HEADER_PREFIX,
  hostTarget,
  isPortalPath,
  isSiteLabel,
  NO_SW_PARAM,
  PORTAL_PREFIX,
  READ_DEBUG_HEADER,
  READ_REPORT_PATH,
  READ_STATS_PATH,
  REGISTER_SCRIPT_PATH,
  STALE_HEADER,
  STREAMED_HEADER,
} from './portal-protocol.ts';

const ID_LABEL = '29gjzk8yjl1v7zm2etee1siyzaqfj9jaru5ufs6yyh1yqsgun2';

// The literals are the wire contract: installed workers, cached pages and other portals' clients
// send and expect exactly these, so a change here must be deliberate.
const PATHS = {
  FLOE_WORKER_PATH,
  CONFIG_PATH,
  BOOTSTRAP_SCRIPT_PATH,
  REGISTER_SCRIPT_PATH,
  READ_REPORT_PATH,
  READ_STATS_PATH,
};
const HEADERS = { ERROR_HEADER, READ_DEBUG_HEADER, STALE_HEADER, STREAMED_HEADER };

describe('the portal contract', () => {
  it('keeps its paths, parameter and names', () => {
    expect({ PORTAL_PREFIX, ...PATHS, NO_SW_PARAM, EMBEDDED_CONFIG_GLOBAL, BOOTSTRAP_STATUS_ID }).toEqual({
      PORTAL_PREFIX: '/__floe/',
      FLOE_WORKER_PATH: '/__floe/sw.js',
      CONFIG_PATH: '/__floe/config.json',
      BOOTSTRAP_SCRIPT_PATH: '/__floe/bootstrap.js',
      REGISTER_SCRIPT_PATH: '/__floe/register.js',
      READ_REPORT_PATH: '/__floe/read-report',
      READ_STATS_PATH: '/__floe/read-stats',
      NO_SW_PARAM: '__floe-nosw',
      EMBEDDED_CONFIG_GLOBAL: '__FLOE_CONFIG__',
      BOOTSTRAP_STATUS_ID: 'floe-status',
    });
  });

  it('keeps its headers and their values', () => {
    expect({ HEADER_PREFIX, ...HEADERS }).toEqual({
      HEADER_PREFIX: 'x-floe-',
      ERROR_HEADER: 'x-floe-error',
      READ_DEBUG_HEADER: 'x-floe-read',
      STALE_HEADER: 'x-floe-stale',
      STREAMED_HEADER: 'x-floe-streamed',
    });
    // The site service sets ERROR_HEADER to the error page's kind: the value must be one.
    const chainKind: PortalErrorKind = CHAIN_UNAVAILABLE_ERROR;
    expect(chainKind).toBe('chain-unavailable');
    expect(FOREIGN_WORKER_ERROR).toBe('foreign-service-worker');
  });

  it('reserves every path under the prefix and every header under its prefix', () => {
    for (const [name, path] of Object.entries(PATHS)) expect(isPortalPath(path), name).toBe(true);
    // A site's own headers under the prefix are dropped, so none of these can be forged.
    for (const [name, header] of Object.entries(HEADERS))
      expect(header.startsWith(HEADER_PREFIX), name).toBe(true);
  });

  it('reserves only the folder, spelled exactly', () => {
    expect(isPortalPath('/__floe')).toBe(false);
    expect(isPortalPath('/__FLOE/sw.js')).toBe(false);
    expect(isPortalPath('/x/__floe/sw.js')).toBe(false);
  });

  it('imports nothing, so every bundle (the bootstrap scripts too) can carry it', () => {
    const source = readFileSync(new URL('./portal-protocol.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*(import|export .* from)\b/m);
  });
});

describe('hostTarget', () => {
  it('is the apex for the portal host and loopback addresses, with or without a port', () => {
    for (const host of [
      'localhost',
      'localhost:3000',
      'LOCALHOST:3000',
      '127.0.0.1:3000',
      '[::1]:3000',
      '[::1]',
    ]) {
      expect(hostTarget(host, 'localhost'), host).toEqual({ kind: 'apex' });
    }
    expect(hostTarget(undefined, 'localhost')).toEqual({ kind: 'apex' });
  });

  it('names a site by everything left of the portal host', () => {
    expect(hostTarget(`${ID_LABEL}.localhost:3000`, 'localhost')).toEqual({ kind: 'site', label: ID_LABEL });
    expect(hostTarget('hello.localhost:3000', 'localhost')).toEqual({ kind: 'site', label: 'hello' });
    // SuiNS subnames, as the walrus-sites portals join nested labels.
    expect(hostTarget('blog.hello.localhost:3000', 'localhost')).toEqual({
      kind: 'site',
      label: 'blog.hello',
    });
    expect(hostTarget('a.b.hello.portal.example', 'portal.example')).toEqual({
      kind: 'site',
      label: 'a.b.hello',
    });
    expect(hostTarget('Hello.LocalHost', 'localhost')).toEqual({ kind: 'site', label: 'hello' });
  });

  it('refuses other domains and labels no site could have', () => {
    expect(hostTarget('hello.example.com', 'localhost')).toBeNull();
    expect(hostTarget('evil-localhost', 'localhost')).toBeNull();
    expect(hostTarget('.localhost', 'localhost')).toBeNull();
    expect(hostTarget('a..b.localhost', 'localhost')).toBeNull();
    expect(hostTarget('-hello.localhost', 'localhost')).toBeNull();
    expect(hostTarget('hel_lo.localhost', 'localhost')).toBeNull();
    expect(hostTarget(`${'a'.repeat(64)}.localhost`, 'localhost')).toBeNull();
  });
});

describe('isSiteLabel', () => {
  it('accepts names, subnames and base36 IDs, and nothing a DNS name cannot hold', () => {
    expect(isSiteLabel('hello')).toBe(true);
    expect(isSiteLabel('blog.hello')).toBe(true);
    expect(isSiteLabel(ID_LABEL)).toBe(true);
    expect(isSiteLabel('')).toBe(false);
    expect(isSiteLabel('hello.')).toBe(false);
    expect(isSiteLabel(Array.from({ length: 128 }, () => 'a').join('.'))).toBe(false);
  });
});
