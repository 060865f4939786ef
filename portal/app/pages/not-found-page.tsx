// Any other path on the apex host.
import { Link } from '../router/link.tsx';
import { useDocumentTitle } from '../ui/use-document-title.ts';

export function NotFoundPage({ path }: { readonly path: string }) {
  useDocumentTitle('Not found');
  return (
    <div className="page" data-testid="not-found">
      <h1>Page not found</h1>
      <p>
        The portal has no page at <code className="break">{path}</code>. Sites live on their own subdomains,
        like <code>http://&lt;site&gt;.{location.host}/</code>.
      </p>
      <p>
        <Link to="/">Open a site from the home page</Link>
      </p>
    </div>
  );
}
