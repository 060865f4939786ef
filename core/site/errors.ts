// Errors of the site-configuration layer. Every message names what the user has to fix (file, line,
// key or path), because these errors end up verbatim in the CLI and the browser UI.

/** Base of every error thrown by `core/site`, so callers can catch the whole layer at once. */
export class SiteError extends Error {
  override name = 'SiteError';
}

/** Where in a configuration file a problem was found. `line` and `column` are 1-based. */
export interface ConfigLocation {
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** JSON path of the offending entry, keys joined by `.`, e.g. `headers./*.svg`. */
  readonly key?: string | undefined;
}

/**
 * `ws-resources.json`, `_headers` or `_redirects` is malformed or asks for something Walrus Sites
 * cannot express. The message reads like `ws-resources.json:7, key \`redirects./old\`: status_code
 * 305 is not one of 301, 302, 303, 307, 308`; `reason` holds the part after the location.
 */
export class SiteConfigError extends SiteError {
  override name = 'SiteConfigError';
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly key: string | undefined;
  readonly reason: string;

  constructor(reason: string, where: ConfigLocation) {
    super(`${describeLocation(where)}: ${reason}`);
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.key = where.key;
    this.reason = reason;
  }
}

// `file:line:column` is the format terminals and editors turn into a clickable link.
function describeLocation({ file, line, column, key }: ConfigLocation): string {
  let text = file;
  if (line !== undefined) text += `:${line}`;
  if (line !== undefined && column !== undefined) text += `:${column}`;
  if (key !== undefined) text += `, key \`${key}\``;
  return text;
}

/** A resource path (a file's path on chain) is not one Walrus Sites can store or serve. */
export class PathError extends SiteError {
  override name = 'PathError';
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string) {
    super(`invalid resource path ${quoteForMessage(path)}: ${reason}`);
    this.path = path;
    this.reason = reason;
  }
}

/** A request URL path cannot be turned into a resource path (malformed percent-encoding). */
export class RequestPathError extends SiteError {
  override name = 'RequestPathError';
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string) {
    super(`invalid request path ${quoteForMessage(path)}: ${reason}`);
    this.path = path;
    this.reason = reason;
  }
}

/** A glob pattern is rejected by the Rust `glob` crate's `Pattern::new`, so site-builder would fail too. */
export class GlobSyntaxError extends SiteError {
  override name = 'GlobSyntaxError';
  readonly pattern: string;
  /** Index (in Unicode code points) near which the pattern is malformed, as the crate reports it. */
  readonly position: number;
  readonly reason: string;

  constructor(pattern: string, position: number, reason: string) {
    super(`invalid glob pattern ${quoteForMessage(pattern)} at character ${position}: ${reason}`);
    this.pattern = pattern;
    this.position = position;
    this.reason = reason;
  }
}

/** A string is not a Sui object ID (`0x` + up to 64 hex digits, or exactly 64 hex digits). */
export class ObjectIdError extends SiteError {
  override name = 'ObjectIdError';
  readonly value: string;

  constructor(value: string) {
    super(`not a Sui object ID: ${quoteForMessage(value)} (expected 0x followed by up to 64 hex digits)`);
    this.value = value;
  }
}

// JSON quoting makes control characters and trailing spaces visible; long paths (up to 2 KiB) are
// cut so the message stays readable, the full value is on the error object.
const MAX_QUOTED = 120;

export function quoteForMessage(value: string): string {
  const cut = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
  return JSON.stringify(cut);
}
