// What a visitor reaches besides the storage nodes, at the distance it would be on the real
// network: the chain's RPC (a provider on the visitor's continent) and the aggregator (behind a
// CDN edge). Each is a shaped reverse proxy in front of the loopback server.
import { cdnLink, chainLink, type GeoLink, type Visitor } from '../geo/regions.ts';
import { startShapedProxy, type ShapedProxy } from '../geo/shape-proxy.ts';

/** Jitter seeds, fixed so runs repeat; distinct from the nodes' (their ports). */
const CHAIN_SEED = 101;
const AGGREGATOR_SEED = 102;

export interface VisitorProxies {
  readonly chain: ShapedProxy;
  readonly links: { readonly chain: GeoLink; readonly aggregator: GeoLink };
  /** Puts the aggregator at `target` behind the CDN link, on `port` (0: any free one). */
  addAggregator(target: string, port?: number): Promise<ShapedProxy>;
  close(): Promise<void>;
}

export async function startVisitorProxies(visitor: Visitor, chainUrl: string): Promise<VisitorProxies> {
  const links = { chain: chainLink(visitor), aggregator: cdnLink() };
  const chain = await startShapedProxy({ target: chainUrl, link: links.chain, seed: CHAIN_SEED });
  const proxies: ShapedProxy[] = [chain];
  return {
    chain,
    links,
    addAggregator: async (target, port = 0) => {
      const proxy = await startShapedProxy({ target, link: links.aggregator, seed: AGGREGATOR_SEED, port });
      proxies.push(proxy);
      return proxy;
    },
    close: async () => {
      await Promise.all(proxies.map((p) => p.close()));
    },
  };
}
