// The app's pages as paths on the apex host. The portal server answers index.html for each of
// them, so they survive a reload and can be shared.

export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'site'; readonly id: string }
  | { readonly name: 'network' }
  | { readonly name: 'publish' }
  | { readonly name: 'not-found'; readonly path: string };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'home' };
  if (path === '/network') return { name: 'network' };
  if (path === '/publish') return { name: 'publish' };
  const site = /^\/site\/([^/]+)$/.exec(path);
  if (site) {
    const id = decodeSegment(site[1]!);
    if (id !== null && id.trim() !== '') return { name: 'site', id: id.trim() };
  }
  return { name: 'not-found', path: pathname };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'network':
      return '/network';
    case 'publish':
      return '/publish';
    case 'site':
      return `/site/${encodeURIComponent(route.id)}`;
    case 'not-found':
      return route.path;
  }
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
