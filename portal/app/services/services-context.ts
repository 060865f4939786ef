// Hands the shared `PortalServices` to every page below the config gate.
import { createContext, useContext } from 'react';
import type { PortalServices } from './portal-services.ts';

export const ServicesContext = createContext<PortalServices | null>(null);

export function useServices(): PortalServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside the portal config gate');
  return services;
}
