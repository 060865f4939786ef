import { afterEach, describe, expect, it, vi } from 'vitest';
import { TESTNET } from '../core/sui/networks.ts';
import { loadPortalConfig, parsePortalConfig, PortalConfigError } from './config.ts';

const CONFIG = { network: TESTNET, portalHost: 'floe.example', debugHeader: false };
const holder = globalThis as { __FLOE_CONFIG__?: unknown };

afterEach(() => {
  delete holder.__FLOE_CONFIG__;
  vi.unstubAllGlobals();
});

describe('the worker config', () => {
  it('comes from the worker script when the portal embedded it, with no request', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    holder.__FLOE_CONFIG__ = JSON.parse(JSON.stringify(CONFIG));
    const config = await loadPortalConfig();
    expect(config.portalHost).toBe('floe.example');
    expect(config.network.rpc).toEqual(TESTNET.rpc);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is fetched from /__floe/config.json when the script carries none', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify(CONFIG)));
    vi.stubGlobal('fetch', fetch);
    expect((await loadPortalConfig()).portalHost).toBe('floe.example');
    expect(fetch).toHaveBeenCalledWith('/__floe/config.json', { cache: 'no-cache' });
  });

  it('refuses a config without a portal host, or one that is not an object', () => {
    expect(() => parsePortalConfig({ ...CONFIG, portalHost: '' })).toThrow(PortalConfigError);
    expect(() => parsePortalConfig('pwned')).toThrow(PortalConfigError);
  });

  it('takes a lookup key of 32 bytes and refuses anything else', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(parsePortalConfig({ ...CONFIG, lookupKey: key }).lookupKey).toBe(key);
    expect(parsePortalConfig(CONFIG).lookupKey).toBeNull();
    for (const bad of ['', 'AAAA', 42, Buffer.alloc(16).toString('base64')])
      expect(() => parsePortalConfig({ ...CONFIG, lookupKey: bad })).toThrow(PortalConfigError);
  });
});
