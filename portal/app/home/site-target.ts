// What the user typed in "Open a site", turned into the subdomain label the portal serves it at:
// an object ID becomes its base36 label, a name (`hello`, `hello.sui`, `@hello`) its label, and
// a base36 label or a pasted site URL is used as it is.
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

export function parseSiteTarget(raw: string): SiteTarget {
  const input = raw.trim();
  if (input === '') throw new SiteTargetError('Enter a site name, object ID or base36 label.');
  const fromUrl = labelOfUrl(input);
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
  if (label.includes('.')) {
    throw new SiteTargetError(
      `"${input}" is a subname; this portal serves single-label names only (like hello.sui).`,
    );
  }
  return { label, kind: 'name', input };
}

function classify(label: string, input: string): SiteTarget {
  return { label, kind: label.length >= BASE36_MIN_LENGTH ? 'base36' : 'name', input };
}

/** The first host label of a pasted `http(s)://<label>.<host>/…` site URL, if that is what it is. */
function labelOfUrl(input: string): string | null {
  if (!/^https?:\/\//i.test(input)) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  const [first, ...rest] = url.hostname.split('.');
  if (!first || rest.length === 0 || !LABEL.test(first)) {
    throw new SiteTargetError(`${url.host} is not a site address: expected <site>.${url.host}.`);
  }
  return first;
}
