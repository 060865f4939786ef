// Object IDs of a site's dynamic fields, derived offline (Sui's dynamic_field::hash_type_and_key, as walrus-sites' portal derives them). A field's
// ID is a hash of (parent, name type, name BCS), so a reader can fetch a resource, the routes or
// the redirects in one request without listing the site's fields first.
import { bcs } from '@mysten/sui/bcs';
import { fromHex, normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import { blake2b256 } from '../walrus/blake2b.ts';

/** Name type of the routes and redirects fields. */
export const BYTES_NAME_TYPE = 'vector<u8>';
/** BCS of the `vector<u8>` names b"routes" and b"redirects" (a length prefix, then the bytes). */
export const ROUTES_FIELD_NAME: Uint8Array = bcs
  .byteVector()
  .serialize(new TextEncoder().encode('routes'))
  .toBytes();
export const REDIRECTS_FIELD_NAME: Uint8Array = bcs
  .byteVector()
  .serialize(new TextEncoder().encode('redirects'))
  .toBytes();

/**
 * `<pkg>::site::ResourcePath`. `originalPackageId` must be the package's *original* ID: Sui keeps
 * a type's identity at the package that first defined it, so after an upgrade the published-at ID
 * used for calls would derive IDs of fields that do not exist.
 */
export function resourcePathType(originalPackageId: string): string {
  return `${normalizeSuiAddress(originalPackageId)}::site::ResourcePath`;
}

/** `<pkg>::site::Site`, the type a site object must have (same original-ID rule). */
export function siteType(originalPackageId: string): string {
  return `${normalizeSuiAddress(originalPackageId)}::site::Site`;
}

/** The name of a resource's field, as `client.core.getDynamicField` takes it. */
export function resourceFieldName(
  path: string,
  originalPackageId: string,
): { type: string; bcs: Uint8Array } {
  // ResourcePath { path } has one field, so its BCS is the BCS of the path string.
  return { type: resourcePathType(originalPackageId), bcs: bcs.string().serialize(path).toBytes() };
}

export function resourceFieldId(siteId: string, path: string, originalPackageId: string): string {
  const name = resourceFieldName(path, originalPackageId);
  return deriveFieldId(siteId, name.type, name.bcs);
}

export function routesFieldId(siteId: string): string {
  return deriveFieldId(siteId, BYTES_NAME_TYPE, ROUTES_FIELD_NAME);
}

export function redirectsFieldId(siteId: string): string {
  return deriveFieldId(siteId, BYTES_NAME_TYPE, REDIRECTS_FIELD_NAME);
}

/** BCS of each name type seen: a site's fields use two, and parsing one is the costly part. */
const typeTags = new Map<string, Uint8Array>();

/**
 * Sui's dynamic-field ID: Blake2b-256 of (0xf0, parent, the name's BCS length as a u64, the name's
 * BCS, the name type's BCS). The same as the SDK's `deriveDynamicFieldID`, which parses the type
 * tag and sets up a hasher on every call: in a freshly started service worker that cost about 30 ms
 * for one page's lookups (CPU profile of a restarted worker). Here the type's BCS is kept and the
 * hash is Floe's own Blake2b.
 */
export function deriveFieldId(parentId: string, nameType: string, name: Uint8Array): string {
  let tag = typeTags.get(nameType);
  if (!tag) typeTags.set(nameType, (tag = bcs.TypeTag.serialize(nameType).toBytes()));
  const parent = fromHex(normalizeSuiAddress(parentId));
  const input = new Uint8Array(1 + 32 + 8 + name.length + tag.length);
  input[0] = 0xf0;
  input.set(parent, 1);
  new DataView(input.buffer).setBigUint64(33, BigInt(name.length), true);
  input.set(name, 41);
  input.set(tag, 41 + name.length);
  return `0x${toHex(blake2b256(input))}`;
}
