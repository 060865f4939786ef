// Moved to core/serve/portal-protocol.ts, the one module of the portal's contract. Kept only for
// importers not yet switched (core/serve/site-service.ts); delete once none is left.
export { isPortalPath, PORTAL_PREFIX } from './portal-protocol.ts';
