// What the user typed in "Open a site", turned into the subdomain label the portal serves it at:
// an object ID becomes its base36 label, a name (`hello`, `hello.sui`, `@hello`, the subname
// `blog.hello.sui` or `blog@hello`) its label, and a base36 label or a pasted site URL is used as
// it is.
import { hostTarget, isSiteLabel } from '../../../core/serve/portal-protocol.ts';
import { objectIdToBase36 } from '../../../core/site/base36.ts';
import { normalizeObjectId } from '../../../core/site/object-id.ts';
import { InvalidNameError, parseSuiName } from '../../../core/sui/names.ts';

export type SiteTargetKind = 'object-id' | 'base36' | 'name';

export interface SiteTarget {
  /** The subdomain label: `<label>.localhost:<port>`. */
  readonly label: string;
  readonly kind: SiteTargetKind;
  /** What the user typed, trimmed. */
  readonly input: string;
}

/** The input cannot name a site; `message` says why, for the form. */
export class SiteTargetError extends Error {
  override name = 'SiteTargetError';
}

/** Base36 labels of 32-byte object IDs are ~50 characters; names are rarely that long. */
const BASE36_MIN_LENGTH = 40;
const LABEL = /^[a-z0-9-]+$/;

/**
 * `portalHost`: this portal's host name, which a pasted URL of this portal names its site under
 * (default: the app's own, with a loopback address read as `localhost`).
 */
export function parseSiteTarget(raw: string, portalHost: string = appHost()): SiteTarget {
  const input = raw.trim();
  if (input === '') throw new SiteTargetError('Enter a site name, object ID or base36 label.');
  const fromUrl = labelOfUrl(input, portalHost);
  if (fromUrl !== null) return classify(fromUrl, input);
  const id = normalizeObjectId(input);
  if (id !== null) return { label: objectIdToBase36(id), kind: 'object-id', input };
  const text = input.toLowerCase();
  if (LABEL.test(text) && text.length >= BASE36_MIN_LENGTH && !text.includes('-')) {
    return { label: text, kind: 'base36', input };
  }
  let label: string;
  try {
    label = parseSuiName(text).label;
  } catch (error) {
    if (error instanceof InvalidNameError) {
      throw new SiteTargetError(
        `"${input}" is not a site name, a 0x object ID or a base36 label (${error.message.replace(/^invalid name "[^"]*": /, '')}).`,
      );
    }
    throw error;
  }
  return { label, kind: 'name', input };
}

function classify(label: string, input: string): SiteTarget {
  const base36 = !label.includes('.') && label.length >= BASE36_MIN_LENGTH;
  return { label, kind: base36 ? 'base36' : 'name', input };
}

/**
 * The site label of a pasted `http(s)://<site>.<host>/…` URL, if that is what it is: on this portal
 * by the portal's own host parser; on another (such as `blog.hello.wal.app`) everything left of its
 * last two labels, as the walrus-sites portals read their hosts.
 */
function labelOfUrl(input: string, portalHost: string): string | null {
  if (!/^https?:\/\//i.test(input)) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  const here = hostTarget(url.host, portalHost);
  if (here?.kind === 'site') return here.label;
  const labels = url.hostname.split('.');
  const label = labels.slice(0, -2).join('.');
  if (here?.kind === 'apex' || labels.length < 3 || !isSiteLabel(label)) {
    throw new SiteTargetError(`${url.host} is not a site address: expected <site>.${url.host}.`);
  }
  return label;
}

function appHost(): string {
  const host = location.hostname;
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[') ? 'localhost' : host;
}
