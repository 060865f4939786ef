// Which part of the portal a request is for, from its Host header: the apex (`localhost:3000`,
// `127.0.0.1:3000`) serves the app; `<label>.localhost:3000` serves the site named by the label.

export type HostTarget = { readonly kind: 'apex' } | { readonly kind: 'site'; readonly label: string };

export function hostTarget(host: string | undefined, portalHost: string): HostTarget | null {
  if (!host) return { kind: 'apex' };
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (name === portalHost || name === '127.0.0.1' || name === '[::1]') return { kind: 'apex' };
  const suffix = `.${portalHost}`;
  if (!name.endsWith(suffix)) return null;
  const label = name.slice(0, -suffix.length);
  // One label only: `a.b.localhost` is not a site (names are single labels on this portal).
  if (!label || label.includes('.') || !/^[a-z0-9-]+$/.test(label)) return null;
  return { kind: 'site', label };
}
