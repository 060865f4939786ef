// `PUT /v1/quilts` bodies as the daemon reads them: a multipart form whose fields are files named by
// their identifiers, plus optional `_metadata` fields holding a JSON array of
// `{identifier, tags}`. The form itself is parsed by Node's WHATWG `Response.formData()` (undici);
// only the daemon's rules on top of it live here.
import { errors } from './errors.ts';

export const METADATA_FIELD = '_metadata';

/** Quilt identifiers are BCS strings behind a u16 length. */
const MAX_IDENTIFIER_BYTES = 0xffff;

export interface QuiltUploadFile {
  readonly identifier: string;
  readonly contents: Uint8Array;
  readonly tags: Readonly<Record<string, string>>;
}

/** The files of a quilt upload, in form order, with their tags. */
export async function parseQuiltForm(
  contentType: string | null,
  body: Uint8Array,
): Promise<QuiltUploadFile[]> {
  if (contentType === null || !/^multipart\/form-data\s*;.*\bboundary=/i.test(contentType)) {
    throw errors.notMultipart();
  }
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    throw malformed((error as Error).message);
  }
  const files: { identifier: string; contents: Uint8Array }[] = [];
  const tags = new Map<string, Record<string, string>>();
  for (const [name, value] of form) {
    if (name === METADATA_FIELD) {
      const text = typeof value === 'string' ? value : await value.text();
      for (const [identifier, entry] of parseQuiltMetadata(text)) {
        if (tags.has(identifier)) {
          throw malformed(`duplicate identifiers found in ${METADATA_FIELD}: ${JSON.stringify(identifier)}`);
        }
        tags.set(identifier, entry);
      }
      continue;
    }
    // A field sent without a filename arrives as text; the daemon stores its bytes all the same.
    const contents =
      typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(await value.arrayBuffer());
    files.push({ identifier: name, contents });
  }
  if (files.length === 0) throw errors.malformedRequest('no files provided in multipart form');
  return files.map(({ identifier, contents }) => {
    const problem = identifierProblem(identifier);
    if (problem) throw malformed(`invalid identifier: ${problem}`);
    return { identifier, contents, tags: tags.get(identifier) ?? {} };
  });
}

/**
 * The `_metadata` field: a JSON array of `{ "identifier": string, "tags"?: object }`; tag values
 * that are not strings become their JSON text, as the daemon does. Entries in order; a repeated
 * identifier is refused. Throws the daemon's MALFORMED_REQUEST for anything else.
 */
export function parseQuiltMetadata(text: string): [string, Record<string, string>][] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw malformed(`${METADATA_FIELD} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(json)) throw malformed(`${METADATA_FIELD} must be a JSON array`);
  const out: [string, Record<string, string>][] = [];
  const seen = new Set<string>();
  for (const [i, entry] of json.entries()) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw malformed(`${METADATA_FIELD}[${i}] must be an object`);
    }
    const { identifier, tags } = entry as { identifier?: unknown; tags?: unknown };
    if (typeof identifier !== 'string')
      throw malformed(`${METADATA_FIELD}[${i}].identifier must be a string`);
    if (tags !== undefined && (typeof tags !== 'object' || tags === null || Array.isArray(tags))) {
      throw malformed(`${METADATA_FIELD}[${i}].tags must be an object`);
    }
    if (seen.has(identifier)) {
      throw malformed(`duplicate identifiers found in ${METADATA_FIELD}: ${JSON.stringify(identifier)}`);
    }
    seen.add(identifier);
    const strings: Record<string, string> = {};
    for (const [key, value] of Object.entries((tags ?? {}) as Record<string, unknown>)) {
      strings[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    out.push([identifier, strings]);
  }
  return out;
}

/** Why Walrus refuses `identifier` (`validate_quilt_identifier`), or null. */
export function identifierProblem(identifier: string): string | null {
  if (new TextEncoder().encode(identifier).length > MAX_IDENTIFIER_BYTES) return 'identifier too long';
  if (identifier === '') return 'identifier is empty';
  if (identifier.trimEnd() !== identifier) return 'identifier contains trailing whitespace';
  // Unicode Cc, as Rust's `char::is_control`.
  for (const char of identifier) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'identifier contains control characters';
  }
  return null;
}

function malformed(why: string) {
  return errors.malformedRequest(`failed to parse multipart form: ${why}`);
}
