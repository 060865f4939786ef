// Security headers of every apex response (the portal app, its publish page and wallet). The app
// holds a development key and talks to wallets, so it runs only the portal's own scripts, talks only
// to the chain and the storage nodes, and no site (a subdomain, so a different origin but possibly
// a page the user trusts) may frame it to trick clicks or open it and script it.

export interface ApexPolicyInput {
  /** The chain's RPC endpoint (JSON-RPC on the devnet, gRPC-web elsewhere). */
  readonly rpcUrl: string;
  /** The devnet faucet the development wallet funds itself from; null elsewhere. */
  readonly faucetUrl: string | null;
  /**
   * The storage nodes of the current committee, or null when it could not be read: then any node
   * of the network's scheme (`https:`, or `http:` on the devnet) is allowed rather than breaking
   * the publish and network pages.
   */
  readonly nodeUrls: readonly string[] | null;
  readonly nodeScheme: 'http' | 'https';
}

/** The `Content-Security-Policy` of apex responses. */
export function apexContentSecurityPolicy(input: ApexPolicyInput): string {
  const nodes = input.nodeUrls === null ? [`${input.nodeScheme}:`] : input.nodeUrls.map(originOf);
  const connect = unique([
    "'self'",
    originOf(input.rpcUrl),
    ...(input.faucetUrl === null ? [] : [originOf(input.faucetUrl)]),
    ...nodes.sort(),
  ]);
  return [
    "default-src 'none'",
    // Vite emits external module scripts only (no inline bootstrap); the Walrus encoder is WASM.
    "script-src 'self' 'wasm-unsafe-eval'",
    // The deploy pipeline encodes in a module Web Worker from /assets.
    "worker-src 'self'",
    "style-src 'self'",
    // The favicon is a data: URL.
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Every apex response's security headers, the CSP included. */
export function apexSecurityHeaders(input: ApexPolicyInput): Record<string, string> {
  return {
    'content-security-policy': apexContentSecurityPolicy(input),
    // For browsers without CSP level 2's frame-ancestors.
    'x-frame-options': 'DENY',
    // A site that opens the app (window.open) gets no handle on it, and the app none on the site.
    'cross-origin-opener-policy': 'same-origin',
    // A site cannot embed the app's files (scripts, config, stats) as its own subresources.
    'cross-origin-resource-policy': 'same-origin',
  };
}

function originOf(url: string): string {
  return new URL(url).origin;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
