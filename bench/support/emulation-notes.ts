// What the geo benchmark's network is, and what it is not: printed under its table in
// docs/PERFORMANCE.md, so every figure there comes with the limits of the bench that made it.

export const EMULATION_NOTES = `
### Emulating the real network

\`npm run devnet -- --profile mainnet --visitor frankfurt|virginia|singapore\` runs a Walrus network
shaped like mainnet on one machine (devnet/launcher/profiles.ts, devnet/geo/). What it emulates:

- **The committee.** 100 storage nodes and 1000 shards. Shards follow an assumed stake shape, not a
  census: one shard each plus a log-normal share of the rest, capped at 4 %. That gives a median of
  8 shards, about 45 nodes with 3–8 and about 9 with 20–40, close to the operator list the Walrus
  explorers show. Every node is a real devnet storage node with its own ports, SQLite store, BLS
  key and chain follower. The nodes run 25 to a host process, in 4 processes: about 1.3 GiB idle,
  started in about 35 s.
- **The transport.** Nodes serve HTTPS with HTTP/2 (ALPN \`h2\`, 1000 concurrent streams, as
  Walrus nodes allow) with an HTTP/1.1 fallback. The certificate comes from a devnet CA made on
  first start (\`devnet/tls/\`). Chromium trusts it through its SPKI pin
  (\`--ignore-certificate-errors-spki-list\`), Node clients through \`tls.setDefaultCACertificates\`.
- **Geography, in user space** (this kernel has no netem). Nodes sit in six regions: 30 % in
  eu-central, 15 % eu-west, 25 % us-east, 10 % us-west, 12 % ap-southeast and 8 % ap-northeast.
  Seen from the visitor's city, each node's public API:
  - holds every response's first byte for the round trip, 10–235 ms, rounded from the public
    inter-region tables (Azure's latency statistics, cloudping.co's AWS p50);
  - adds jitter of up to a tenth of the round trip;
  - on a new connection, first adds two more round trips for the TCP and TLS 1.3 handshakes, once
    per HTTP/2 session;
  - paces the body at 100, 50 or 25 Mbit/s by distance, with all the streams of one connection
    sharing that one paced wire.

  The chain RPC is a Sui provider on the visitor's continent: 30 ms away, through a shaping proxy.
  The aggregator, the portal and the static server are at a CDN edge: 8 ms away, 100 Mbit/s.
- **Faults.** Three small-stake nodes are down (connection refused) and three answer every request
  1.5 s late. The benchmark's region-down visits then also stop every node of the visitor's
  nearest region.

What it does not emulate:

- **Shaping is done by the server, for every client.** The aggregator's and the portal's own reads
  from the nodes also see the visitor's distances. The aggregator keeps its connections open, so it
  pays each handshake once; Floe's portal opens two per node when it starts and keeps them open
  (core/serve/connection-warmer.ts). In reality each would be a datacenter with its own distances.
- **The network beyond latency and rate.** There is no packet loss and no TCP slow start: the first
  bytes go out at the full rate. There is no access link shared by all connections, since each
  connection gets its own rate, and no DNS.
- **Hardware.** Chromium, the portal, the chain, four host processes and the aggregator share 2
  CPU cores. CPU time adds to every target alike; it is not network time.
- **Network change over time.** No epoch changes, stake moves or node churn during a run.
`;
