// What a header name or value must look like to survive the trip to the browser. The portal builds
// `new Response(body, { headers })` from the on-chain map, and the Fetch `Headers` class throws on a
// name that is not an HTTP token or a value outside Latin-1 or with CR/LF/NUL, so a bad header would
// turn every request for that resource into a portal error. We reject it while deploying instead.
import { QUILT_PATCH_HEADER } from './types.ts';
import { codePointName } from './text.ts';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why `name` cannot be a user-set header name, or null when it can. */
export function headerNameProblem(name: string): string | null {
  if (name === '') return 'the header name is empty';
  if (!TOKEN.test(name))
    return `header name ${JSON.stringify(name)} is not an HTTP token (letters, digits, !#$%&'*+-.^_\`|~)`;
  // Deploy writes this one to locate the file inside its quilt; a user value would break reads.
  if (name.toLowerCase() === QUILT_PATCH_HEADER)
    return `header ${name} is reserved for Walrus Sites' own use`;
  return null;
}

/** Why `value` cannot be a header value, or null when it can. */
export function headerValueProblem(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return `contains the control character ${codePointName(c)}`;
    if (c > 0xff) {
      return `contains ${JSON.stringify(String.fromCodePoint(value.codePointAt(i)!))}; header values are Latin-1, percent-encode other characters`;
    }
  }
  return null;
}
