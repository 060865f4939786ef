// The network the worker serves, from the portal that installed it (`/__floe/config.json` on the
// site's own origin), fetched once per worker start.
import { networkFromConfigJson, type NetworkConfig } from '../core/sui/networks.ts';

export class PortalConfigError extends Error {
  override name = 'PortalConfigError';
}

export async function loadPortalConfig(): Promise<{ network: NetworkConfig; debugHeader: boolean }> {
  const response = await fetch('/__floe/config.json', { cache: 'no-cache' });
  if (!response.ok)
    throw new PortalConfigError(`the portal answered ${response.status} for /__floe/config.json`);
  const json = (await response.json()) as { network: unknown; debugHeader?: boolean };
  return { network: networkFromConfigJson(json.network), debugHeader: json.debugHeader === true };
}
