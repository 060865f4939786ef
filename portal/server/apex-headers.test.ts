import { describe, expect, it } from 'vitest';
import { apexContentSecurityPolicy, apexSecurityHeaders } from './apex-headers.ts';

const DEVNET = {
  rpcUrl: 'http://127.0.0.1:9000',
  faucetUrl: 'http://127.0.0.1:9123/',
  nodeUrls: ['http://127.0.0.1:9102', 'http://127.0.0.1:9101/', 'http://127.0.0.1:9101'],
  nodeScheme: 'http',
} as const;

const directives = (policy: string) =>
  new Map(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

describe('apex security headers', () => {
  it('allows only the portal’s own scripts (and WASM), no inline script, no framing', () => {
    const policy = directives(apexContentSecurityPolicy(DEVNET));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    for (const values of policy.values()) {
      expect(values).not.toContain("'unsafe-inline'");
      expect(values).not.toContain("'unsafe-eval'");
    }
  });

  it('connects to the chain, the faucet and each committee node by origin', () => {
    const policy = directives(apexContentSecurityPolicy(DEVNET));
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:9000',
      'http://127.0.0.1:9123',
      'http://127.0.0.1:9101',
      'http://127.0.0.1:9102',
    ]);
    const testnet = directives(
      apexContentSecurityPolicy({
        rpcUrl: 'https://fullnode.testnet.sui.io:443',
        faucetUrl: null,
        nodeUrls: ['https://walrus.node.example:9185'],
        nodeScheme: 'https',
      }),
    );
    expect(testnet.get('connect-src')).toEqual([
      "'self'",
      'https://fullnode.testnet.sui.io',
      'https://walrus.node.example:9185',
    ]);
  });

  it("falls back to the nodes' scheme when the committee is unknown", () => {
    const policy = directives(apexContentSecurityPolicy({ ...DEVNET, nodeUrls: null }));
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:9000',
      'http://127.0.0.1:9123',
      'http:',
    ]);
  });

  it('denies framing for older browsers and isolates the app from other origins', () => {
    const headers = apexSecurityHeaders(DEVNET);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(headers['content-security-policy']).toBe(apexContentSecurityPolicy(DEVNET));
  });
});
