// The network this portal serves, from the portal server (`GET /__floe/config.json` on the apex
// host). The body is a `NetworkConfig`; the `{ network, debugHeader }` envelope the service worker
// reads from the same path is accepted too, so app and worker can share one endpoint.
import { CONFIG_PATH } from '../../../core/serve/portal-protocol.ts';
import { NetworkConfigError, networkFromConfigJson, type NetworkConfig } from '../../../core/sui/networks.ts';

/** The portal's configuration could not be loaded; `message` says what to check. */
export class PortalConfigError extends Error {
  override name = 'PortalConfigError';
}

export async function loadNetworkConfig(signal?: AbortSignal): Promise<NetworkConfig> {
  let response: Response;
  try {
    response = await fetch(CONFIG_PATH, { cache: 'no-cache', ...(signal ? { signal } : {}) });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new PortalConfigError(`cannot reach the portal server for ${CONFIG_PATH}: ${String(cause)}`, {
      cause,
    });
  }
  if (!response.ok) {
    throw new PortalConfigError(
      `the portal server answered ${response.status} ${response.statusText} for ${CONFIG_PATH}`,
    );
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (cause) {
    throw new PortalConfigError(`${CONFIG_PATH} is not JSON`, { cause });
  }
  try {
    return networkFromConfigJson(unwrap(json));
  } catch (cause) {
    if (cause instanceof NetworkConfigError) {
      throw new PortalConfigError(`${CONFIG_PATH}: ${cause.message}`, { cause });
    }
    throw cause;
  }
}

function unwrap(json: unknown): unknown {
  if (typeof json !== 'object' || json === null) return json;
  const record = json as Record<string, unknown>;
  return record['rpc'] === undefined && typeof record['network'] === 'object' ? record['network'] : json;
}
