// Picks the page for the current path and moves focus to it after an in-app navigation, so
// keyboard and screen-reader users land on the new page rather than on the link they used.
import { useEffect, useRef } from 'react';
import { HomePage } from '../pages/home-page.tsx';
import { NetworkPage } from '../pages/network-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { PublishPage } from '../pages/publish-page.tsx';
import { SitePage } from '../pages/site-page.tsx';
import { useLocationPath } from '../router/history.ts';
import { parseRoute } from '../router/routes.ts';

export function PageRouter() {
  const path = useLocationPath();
  const route = parseRoute(path);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus();
  }, [path]);

  return (
    <main id="main" ref={main} tabIndex={-1} className="main">
      {route.name === 'home' ? <HomePage /> : null}
      {route.name === 'network' ? <NetworkPage /> : null}
      {route.name === 'publish' ? <PublishPage /> : null}
      {route.name === 'site' ? <SitePage key={route.id} id={route.id} /> : null}
      {route.name === 'not-found' ? <NotFoundPage path={route.path} /> : null}
    </main>
  );
}
