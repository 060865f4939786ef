// "Open a site": a name, object ID or base36 label in; the browser goes to the site's subdomain,
// where the service worker takes over. "Details" shows what the chain says about it instead.
import { useId, useState, type FormEvent } from 'react';
import { navigate } from '../router/history.ts';
import { routePath } from '../router/routes.ts';
import { parseSiteTarget, SiteTargetError, type SiteTarget } from './site-target.ts';

export interface OpenSiteFormProps {
  /** Called with the parsed target before the browser leaves for the site. */
  readonly onOpen: (target: SiteTarget) => void;
}

export function OpenSiteForm({ onOpen }: OpenSiteFormProps) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  const parse = (): SiteTarget | null => {
    try {
      setError(null);
      return parseSiteTarget(value);
    } catch (cause) {
      if (cause instanceof SiteTargetError) {
        setError(cause.message);
        return null;
      }
      throw cause;
    }
  };

  const open = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = parse();
    if (target) onOpen(target);
  };

  const inspect = () => {
    const target = parse();
    if (target) navigate(routePath({ name: 'site', id: target.label }));
  };

  return (
    <form className="open-site" onSubmit={open} noValidate aria-label="Open a site">
      <label htmlFor={inputId} className="field-label">
        Site name, object ID or base36 label
      </label>
      <div className="open-site-row">
        <input
          id={inputId}
          className="text-input"
          type="text"
          inputMode="url"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          placeholder="hello.sui, 0x5e1f…, or 2ql8…"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          data-testid="open-site-input"
        />
        <button type="submit" className="button" data-testid="open-site-button">
          Open site
        </button>
        <button
          type="button"
          className="button secondary"
          onClick={inspect}
          data-testid="inspect-site-button"
        >
          Details
        </button>
      </div>
      <p id={hintId} className="hint">
        Opens <code>http://&lt;label&gt;.{location.host}/</code>; an object ID becomes its base36 label.
      </p>
      {error ? (
        <p id={errorId} className="field-error" role="alert" data-testid="open-site-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
