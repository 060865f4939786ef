// The network the worker serves, from the portal that installed it (`/__floe/config.json` on the
// site's own origin), fetched once per worker start.
import { FastSourceError, parseFastSource } from '../core/serve/fast-source.ts';
import { CONFIG_PATH, EMBEDDED_CONFIG_GLOBAL } from '../core/serve/portal-protocol.ts';
import { networkFromConfigJson, type NetworkConfig } from '../core/sui/networks.ts';
import { committeeFromJson } from '../core/walrus/committee-json.ts';
import type { Committee } from '../core/walrus/committee.ts';

export class PortalConfigError extends Error {
  override name = 'PortalConfigError';
}

export interface PortalConfig {
  readonly network: NetworkConfig;
  /** The portal's host name (no port): the worker's site label is its own host minus this. */
  readonly portalHost: string;
  readonly debugHeader: boolean;
  /** The storage committee as the portal read it, when it could; else the worker reads the chain. */
  readonly committee: Committee | undefined;
  /** Aggregators or caches the portal names, raced with the nodes and verified like them. */
  readonly fastSources: readonly string[];
  /**
   * The key that signs the worker's kept lookups (base64), present only in the worker script's
   * embedded config (sw/lookup-store.ts); null when the worker was given none.
   */
  readonly lookupKey: string | null;
}

/**
 * The portal serves the worker script with its config appended (`globalThis.__FLOE_CONFIG__`), so
 * a worker start needs no request before its first answer. The script is stored by the browser
 * where the site's own scripts cannot write, unlike the Cache API, so the config is as trusted as
 * the code. Absent (a portal that does not embed it), it is fetched.
 */
export async function loadPortalConfig(): Promise<PortalConfig> {
  const embedded = (globalThis as Record<string, unknown>)[EMBEDDED_CONFIG_GLOBAL];
  if (embedded !== undefined) return parsePortalConfig(embedded);
  return fetchPortalConfig();
}

/** The portal's current config from `/__floe/config.json` (a fresh committee, after an epoch change). */
export async function fetchPortalConfig(): Promise<PortalConfig> {
  const response = await fetch(CONFIG_PATH, { cache: 'no-cache' });
  if (!response.ok) throw new PortalConfigError(`the portal answered ${response.status} for ${CONFIG_PATH}`);
  return parsePortalConfig(await response.json());
}

export function parsePortalConfig(value: unknown): PortalConfig {
  if (typeof value !== 'object' || value === null)
    throw new PortalConfigError('the portal config is not an object');
  const json = value as {
    network: unknown;
    portalHost?: unknown;
    debugHeader?: boolean;
    committee?: unknown;
    fastSources?: unknown;
    lookupKey?: unknown;
  };
  if (typeof json.portalHost !== 'string' || json.portalHost === '')
    throw new PortalConfigError('portalHost must be the portal host name');
  return {
    network: networkFromConfigJson(json.network),
    portalHost: json.portalHost,
    debugHeader: json.debugHeader === true,
    committee: optionalCommittee(json.committee),
    fastSources: fastSourcesFrom(json.fastSources),
    lookupKey: lookupKeyFrom(json.lookupKey),
  };
}

/** The portal's list, checked: a malformed entry fails the start loudly rather than being skipped. */
function fastSourcesFrom(json: unknown): string[] {
  if (json === undefined) return [];
  if (!Array.isArray(json)) throw new PortalConfigError('fastSources must be a list of URLs');
  try {
    return json.map((entry) => parseFastSource(String(entry)));
  } catch (error) {
    if (error instanceof FastSourceError) throw new PortalConfigError(`fastSources: ${error.message}`);
    throw error;
  }
}

/** A committee that does not parse is left out: the worker then reads it from the chain. */
function optionalCommittee(json: unknown): Committee | undefined {
  if (json === undefined) return undefined;
  try {
    return committeeFromJson(json);
  } catch {
    return undefined;
  }
}

/** A key that is not 32 bytes of base64 fails the start loudly: it would silently disable vouching. */
function lookupKeyFrom(json: unknown): string | null {
  if (json === undefined) return null;
  if (typeof json !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(json))
    throw new PortalConfigError('lookupKey must be 32 bytes in base64');
  return json;
}
