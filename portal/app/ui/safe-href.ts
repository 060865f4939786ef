// Site metadata is written by whoever published the site: only http(s) URLs become links, so a
// `javascript:` link in a Display field cannot run in the portal's origin.
export function safeHref(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}
