// BCS layouts of the walrus_site v2 Move structs (MystenLabs/walrus-sites move/walrus_site/sources: site.move, metadata.move, redirects.move) and the
// conversions between them and our `SiteResource`/`SiteMetadata`/`Redirect` shapes. BCS is
// positional, so field order here must match the Move declarations exactly. No SDK publishes these
// layouts (walrus-sites ships no TypeScript package), so they are Floe's own.
import { bcs, type BcsType } from '@mysten/sui/bcs';
import { blobIdFromText, blobIdToText } from '../walrus/blob-id.ts';
import type { Redirect, RedirectStatus, SiteMetadata, SiteResource } from '../site/types.ts';
import { decodeExact } from './decode-exact.ts';
import { InvalidSiteUpdateError, SiteDecodeError } from './errors.ts';
import { FieldBcs, VecMapBcs } from './move-bcs.ts';

/**
 * A `u256` kept as its 32 BCS bytes. BCS writes a u256 little-endian, and Walrus stores blob IDs
 * and SHA-256 digests as the u256 read little-endian from their bytes, so the BCS bytes are the
 * raw ID/digest: no bigint round trip needed.
 */
export const U256BytesBcs = bcs.bytes(32);

const OptionString = bcs.option(bcs.string());

export const SiteBcs = bcs.struct('Site', {
  id: bcs.Address,
  name: bcs.string(),
  link: OptionString,
  image_url: OptionString,
  description: OptionString,
  project_url: OptionString,
  creator: OptionString,
});

export const MetadataBcs = bcs.struct('Metadata', {
  link: OptionString,
  image_url: OptionString,
  description: OptionString,
  project_url: OptionString,
  creator: OptionString,
});

export const RangeBcs = bcs.struct('Range', { start: bcs.option(bcs.u64()), end: bcs.option(bcs.u64()) });

export const ResourceBcs = bcs.struct('Resource', {
  path: bcs.string(),
  headers: VecMapBcs(bcs.string(), bcs.string()),
  blob_id: U256BytesBcs,
  blob_hash: U256BytesBcs,
  range: bcs.option(RangeBcs),
});

/** A one-field struct encodes like its field, so a ResourcePath is the BCS of its path string. */
export const ResourcePathBcs = bcs.struct('ResourcePath', { path: bcs.string() });

export const RoutesBcs = bcs.struct('Routes', { route_list: VecMapBcs(bcs.string(), bcs.string()) });

export const RedirectBcs = bcs.struct('Redirect', { location: bcs.string(), status_code: bcs.u16() });

export const RedirectsBcs = bcs.struct('Redirects', {
  redirect_list: VecMapBcs(bcs.string(), RedirectBcs),
});

/** The routes and redirects fields are keyed by `vector<u8>` names (b"routes", b"redirects"). */
export const ResourceFieldBcs = FieldBcs(ResourcePathBcs, ResourceBcs);
export const RoutesFieldBcs = FieldBcs(bcs.byteVector(), RoutesBcs);
export const RedirectsFieldBcs = FieldBcs(bcs.byteVector(), RedirectsBcs);

export type ResourceBcsValue = typeof ResourceBcs.$inferType;
export type ResourceBcsInput = typeof ResourceBcs.$inferInput;
export type MetadataBcsValue = typeof MetadataBcs.$inferType;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set<RedirectStatus>([301, 302, 303, 307, 308]);

export function isRedirectStatus(code: number): code is RedirectStatus {
  return REDIRECT_STATUSES.has(code);
}

/** Decodes one `what` value (no trailing bytes) or throws a SiteDecodeError saying what failed. */
function decodeSite<T, I>(what: string, type: BcsType<T, I>, bytes: Uint8Array): T {
  return decodeExact(
    type,
    bytes,
    (reason, cause) => new SiteDecodeError(`cannot decode ${what}: ${reason}`, { cause }),
  );
}

export function resourceFromBcs(value: ResourceBcsValue): SiteResource {
  return {
    path: value.path,
    headers: new Map(value.headers.contents.map((e) => [e.key, e.value])),
    blobId: blobIdToText(Uint8Array.from(value.blob_id)),
    blobHash: Uint8Array.from(value.blob_hash),
    range: value.range
      ? {
          start: value.range.start === null ? null : BigInt(value.range.start),
          end: value.range.end === null ? null : BigInt(value.range.end),
        }
      : null,
  };
}

export function resourceToBcs(resource: SiteResource): ResourceBcsInput {
  if (resource.blobHash.length !== 32) {
    throw new InvalidSiteUpdateError(
      `blob hash of ${resource.path} has ${resource.blobHash.length} bytes, not 32`,
    );
  }
  return {
    path: resource.path,
    headers: { contents: [...resource.headers].map(([key, value]) => ({ key, value })) },
    blob_id: blobIdFromText(resource.blobId),
    blob_hash: resource.blobHash,
    range: resource.range ? { start: resource.range.start, end: resource.range.end } : null,
  };
}

export function metadataFromBcs(value: MetadataBcsValue): SiteMetadata {
  return {
    link: value.link,
    imageUrl: value.image_url,
    description: value.description,
    projectUrl: value.project_url,
    creator: value.creator,
  };
}

export function metadataToBcs(metadata: SiteMetadata): MetadataBcsValue {
  return {
    link: metadata.link,
    image_url: metadata.imageUrl,
    description: metadata.description,
    project_url: metadata.projectUrl,
    creator: metadata.creator,
  };
}

export interface DecodedSite {
  readonly id: string;
  readonly name: string;
  readonly metadata: SiteMetadata;
}

/** A `Site` object's content (the Move struct's BCS, starting with its UID). */
export function parseSite(content: Uint8Array): DecodedSite {
  const site = decodeSite('Site', SiteBcs, content);
  return { id: site.id, name: site.name, metadata: metadataFromBcs(site) };
}

/** A resource field object's content: `Field<ResourcePath, Resource>`. */
export function parseResourceField(content: Uint8Array): SiteResource {
  const field = decodeSite('Field<ResourcePath, Resource>', ResourceFieldBcs, content);
  return resourceFromBcs(field.value);
}

/** The routes field object's content: `Field<vector<u8>, Routes>`, in on-chain (VecMap) order. */
export function parseRoutesField(content: Uint8Array): [pattern: string, target: string][] {
  const field = decodeSite('Field<vector<u8>, Routes>', RoutesFieldBcs, content);
  return field.value.route_list.contents.map((e) => [e.key, e.value]);
}

/** The redirects field object's content: `Field<vector<u8>, Redirects>`, in on-chain order. */
export function parseRedirectsField(content: Uint8Array): [pattern: string, redirect: Redirect][] {
  const field = decodeSite('Field<vector<u8>, Redirects>', RedirectsFieldBcs, content);
  return field.value.redirect_list.contents.map((e) => {
    const code = e.value.status_code;
    // The Move code only stores these codes, so anything else means we decoded the wrong bytes.
    if (!isRedirectStatus(code)) throw new SiteDecodeError(`redirect ${e.key} has status ${code}`);
    return [e.key, { location: e.value.location, statusCode: code }];
  });
}

/** The u256 a blob ID or SHA-256 digest stands for on chain (its bytes read little-endian). */
export function u256FromBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

export function u256ToBytes(value: bigint): Uint8Array {
  if (value < 0n || value >> 256n !== 0n) throw new RangeError(`not a u256: ${value}`);
  const bytes = new Uint8Array(32);
  for (let i = 0, rest = value; i < 32; i++, rest >>= 8n) bytes[i] = Number(rest & 0xffn);
  return bytes;
}
