// Moved to core/serve/portal-protocol.ts, the one module of the portal's contract. Kept only for
// importers not yet switched (portal/server/server.ts); delete once none is left.
export { hostTarget, isSiteLabel, type HostTarget } from './portal-protocol.ts';
