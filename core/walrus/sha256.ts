// SHA-256 through WebCrypto, which Node, browsers and service workers all provide natively.
import { equalBytes } from './blob-id.ts';

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource));
}

export async function sha256Matches(data: Uint8Array, expected: Uint8Array): Promise<boolean> {
  return equalBytes(await sha256(data), expected);
}
