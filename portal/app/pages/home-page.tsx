// Home: open a site, revisit recent ones, and what Floe does.
import { useState } from 'react';
import { forgetRecentSites, readRecentSites, rememberSite } from '../home/recent-sites.ts';
import { OpenSiteForm } from '../home/open-site-form.tsx';
import { RecentSitesList } from '../home/recent-sites-list.tsx';
import type { SiteTarget } from '../home/site-target.ts';
import { useServices } from '../services/services-context.ts';
import { siteUrl } from '../site/site-url.ts';

export function HomePage() {
  const { network } = useServices();
  const [recent, setRecent] = useState(() => readRecentSites(network.name));

  const open = (target: SiteTarget) => {
    setRecent(rememberSite(network.name, target));
    location.assign(siteUrl(target.label));
  };

  return (
    <div className="page home">
      <section className="hero" aria-labelledby="home-heading">
        <h1 id="home-heading">Open a site</h1>
        <p className="lead">
          Sites on Walrus, read and verified in your browser, straight from the storage nodes.
        </p>
        <OpenSiteForm onOpen={open} />
      </section>
      <div className="home-grid">
        <RecentSitesList
          sites={recent}
          onClear={() => {
            forgetRecentSites(network.name);
            setRecent([]);
          }}
        />
        <About />
      </div>
    </div>
  );
}

function About() {
  return (
    <section className="card about" aria-labelledby="about-heading">
      <h2 id="about-heading">How Floe serves a site</h2>
      <ol className="steps">
        <li>
          Each site gets its own origin, <code>&lt;site&gt;.{location.host}</code>, and a service worker
          installed for it.
        </li>
        <li>
          The worker finds the site on <strong>Sui</strong>: every path maps to a file's SHA-256 and the
          Walrus quilt that holds it.
        </li>
        <li>
          It fetches only the slivers holding that file, <strong>straight from the storage nodes</strong> that
          own them: no aggregator, no trusted server in between.
        </li>
        <li>
          It checks the bytes against the SHA-256 on chain before the page sees them, and decodes from other
          nodes if one is down or lying. Unverified bytes are never served.
        </li>
      </ol>
    </section>
  );
}
