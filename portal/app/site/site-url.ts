// Where a site lives on this portal: `<label>.<portal host>:<port>`, next to the app's own origin.
// Subdomains of an IP address do not exist, so an app opened at 127.0.0.1 links to `localhost`.

export function siteOrigin(label: string, here: Pick<Location, 'protocol' | 'hostname' | 'port'> = location) {
  const ip = /^\d+\.\d+\.\d+\.\d+$/.test(here.hostname) || here.hostname.startsWith('[');
  const host = ip ? 'localhost' : here.hostname;
  return `${here.protocol}//${label}.${host}${here.port ? `:${here.port}` : ''}`;
}

/** The URL of a site's home page on this portal. */
export function siteUrl(label: string, here?: Pick<Location, 'protocol' | 'hostname' | 'port'>): string {
  return `${siteOrigin(label, here)}/`;
}
