// Where devnet storage nodes pretend to be, and how far each place is from a visitor. Pure data and
// arithmetic: the devnet runs on loopback, and these figures are what `shaping.ts` adds back.
//
// Round-trip times are rounded to 5 ms from public inter-region latency tables, read for the
// nearest cloud regions, plus a few ms of last mile for a visitor at home:
//   - Azure "network round-trip latency statistics" (learn.microsoft.com/azure/networking/azure-network-latency)
//   - AWS region-to-region latencies as measured and published by cloudping.co (p50)
// The region pairs used: eu-central ≈ Frankfurt, eu-west ≈ Ireland/Amsterdam, us-east ≈ N. Virginia,
// us-west ≈ Oregon/California, ap-southeast ≈ Singapore, ap-northeast ≈ Tokyo. Expect ±15 % from
// these on any given day; they are meant to get the shape right (near, ocean, half the planet), not
// the last millisecond.
import { seededRandom } from './random.ts';

export const REGIONS = [
  'eu-central',
  'eu-west',
  'us-east',
  'us-west',
  'ap-southeast',
  'ap-northeast',
] as const;
export type Region = (typeof REGIONS)[number];

export const VISITORS = ['frankfurt', 'virginia', 'singapore'] as const;
export type Visitor = (typeof VISITORS)[number];

/** What one visitor sees of one node: the numbers `shaping.ts` turns into delays. */
export interface GeoLink {
  /** Round trip between visitor and node. */
  readonly rttMs: number;
  /** Extra delay per response, uniform in [0, jitterMs). */
  readonly jitterMs: number;
  /** Throughput one connection gets on this path. */
  readonly bandwidthBytesPerSec: number;
  /** Paid once per new connection before its first response: TCP + TLS handshakes. */
  readonly setupMs: number;
}

export class GeoError extends Error {
  override name = 'GeoError';
}

const RTT_MS: Readonly<Record<Visitor, Readonly<Record<Region, number>>>> = {
  frankfurt: {
    'eu-central': 10,
    'eu-west': 25,
    'us-east': 95,
    'us-west': 155,
    'ap-southeast': 165,
    'ap-northeast': 235,
  },
  virginia: {
    'eu-central': 95,
    'eu-west': 80,
    'us-east': 10,
    'us-west': 70,
    'ap-southeast': 225,
    'ap-northeast': 155,
  },
  singapore: {
    'eu-central': 165,
    'eu-west': 175,
    'us-east': 225,
    'us-west': 175,
    'ap-southeast': 10,
    'ap-northeast': 75,
  },
};

/**
 * A new HTTPS connection costs a TCP handshake (1 RTT) and a TLS 1.3 handshake (1 RTT) before the
 * request can go out (RFC 8446 §2: one round trip for a full handshake).
 */
const SETUP_ROUND_TRIPS = 2;

/**
 * One TCP connection's throughput falls with distance (at most window ÷ RTT, and long paths lose
 * more to loss recovery). Assumed round figures for a 100 Mbit/s home link, not measurements.
 */
function bandwidthFor(rttMs: number): number {
  if (rttMs < 50) return 12_500_000; // 100 Mbit/s: the access link is the limit
  if (rttMs < 120) return 6_250_000; // 50 Mbit/s across one ocean
  return 3_125_000; // 25 Mbit/s half way round the planet
}

/** Jitter grows with path length: a tenth of the RTT, at least 2 ms. */
function jitterFor(rttMs: number): number {
  return Math.max(2, Math.round(rttMs / 10));
}

export function isVisitor(text: string): text is Visitor {
  return (VISITORS as readonly string[]).includes(text);
}

export function isRegion(text: string): text is Region {
  return (REGIONS as readonly string[]).includes(text);
}

export function linkTo(visitor: Visitor, region: Region): GeoLink {
  const profile = RTT_MS[visitor];
  if (!profile) throw new GeoError(`unknown visitor ${JSON.stringify(visitor)}`);
  const rttMs = profile[region];
  if (rttMs === undefined) throw new GeoError(`unknown region ${JSON.stringify(region)}`);
  return {
    rttMs,
    jitterMs: jitterFor(rttMs),
    bandwidthBytesPerSec: bandwidthFor(rttMs),
    setupMs: SETUP_ROUND_TRIPS * rttMs,
  };
}

/**
 * Share of nodes per region: most in Europe and North America, some in Asia. An assumed spread in
 * the spirit of Walrus mainnet's operator list, not a census.
 */
const SPREAD: Readonly<Record<Region, number>> = {
  'eu-central': 0.3,
  'eu-west': 0.15,
  'us-east': 0.25,
  'us-west': 0.1,
  'ap-southeast': 0.12,
  'ap-northeast': 0.08,
};

/**
 * Regions for `count` nodes: counts by largest remainder on `SPREAD` (so even 4 nodes get an Asian
 * one), then shuffled with `seed`, so node 0 is not always in Frankfurt. Same inputs, same answer:
 * a restarted devnet keeps its geography.
 */
export function assignRegions(count: number, seed: number): Region[] {
  if (!Number.isInteger(count) || count < 0) throw new GeoError(`bad node count ${count}`);
  const quotas = REGIONS.map((region, order) => {
    const exact = SPREAD[region] * count;
    return { region, order, whole: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = count - quotas.reduce((sum, q) => sum + q.whole, 0);
  for (const q of [...quotas].sort((a, b) => b.remainder - a.remainder || a.order - b.order)) {
    if (left === 0) break;
    q.whole++;
    left--;
  }
  const regions = quotas.flatMap((q) => Array.from({ length: q.whole }, () => q.region));
  const random = seededRandom(seed);
  for (let i = regions.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [regions[i], regions[j]] = [regions[j]!, regions[i]!];
  }
  return regions;
}

/**
 * The visitor to a CDN edge: aggregators are fronted by caching CDNs with points of presence in
 * every metro area, so the edge is a few ms away (~8 ms RTT incl. last mile) and the home access
 * link, not the path, limits throughput.
 */
export function cdnLink(): GeoLink {
  return near(8);
}

/**
 * The visitor to their Sui RPC provider. Assumed: a public full node or RPC provider in the
 * visitor's own continent (Mysten's and third-party providers run nodes in Europe, North America
 * and Asia; see docs.sui.io "RPC providers"), ~30 ms away. The same for every visitor, since
 * each has one on their continent.
 */
export function chainLink(visitor: Visitor): GeoLink {
  if (!isVisitor(visitor)) throw new GeoError(`unknown visitor ${JSON.stringify(visitor)}`);
  return near(30);
}

function near(rttMs: number): GeoLink {
  return {
    rttMs,
    jitterMs: jitterFor(rttMs),
    bandwidthBytesPerSec: bandwidthFor(rttMs),
    setupMs: SETUP_ROUND_TRIPS * rttMs,
  };
}
