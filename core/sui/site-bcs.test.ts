import { describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { blobIdFromText } from '../walrus/blob-id.ts';
import type { SiteResource } from '../site/types.ts';
import { InvalidSiteUpdateError, SiteDecodeError } from './errors.ts';
import {
  MetadataBcs,
  metadataFromBcs,
  metadataToBcs,
  parseRedirectsField,
  parseResourceField,
  parseRoutesField,
  parseSite,
  RedirectsFieldBcs,
  ResourceBcs,
  resourceFromBcs,
  ResourceFieldBcs,
  resourceToBcs,
  RoutesFieldBcs,
  SiteBcs,
  u256FromBytes,
  u256ToBytes,
} from './site-bcs.ts';
import { METADATA, resource } from './test-support/fixtures.ts';

const FIELD_ID = normalizeSuiAddress('0xf1e1d');
const SITE_ID = normalizeSuiAddress('0x5173');

/** The layout as a reader using plain u256s would write it (like the portal's bcs_data_parsing.ts). */
const U256Resource = bcs.struct('Resource', {
  path: bcs.string(),
  headers: bcs.vector(bcs.struct('Entry', { key: bcs.string(), value: bcs.string() })),
  blob_id: bcs.u256(),
  blob_hash: bcs.u256(),
  range: bcs.option(bcs.struct('Range', { start: bcs.option(bcs.u64()), end: bcs.option(bcs.u64()) })),
});

function roundTrip(r: SiteResource): SiteResource {
  return resourceFromBcs(ResourceBcs.parse(ResourceBcs.serialize(resourceToBcs(r)).toBytes()));
}

describe('walrus_site BCS layouts', () => {
  it('round-trips a resource, keeping header insertion order (VecMap, not a sorted map)', () => {
    const r = resource('/index.html', 7, [['a-first-sorted', 'x']]);
    const back = roundTrip(r);
    expect(back).toEqual(r);
    expect([...back.headers.keys()]).toEqual([...r.headers.keys()]);
    expect([...back.headers.keys()].at(-1)).toBe('a-first-sorted');
  });

  it('round-trips ranges with either bound missing', () => {
    for (const range of [
      { start: 0n, end: 99n },
      { start: 5n, end: null },
      { start: null, end: 18446744073709551615n },
    ]) {
      expect(roundTrip({ ...resource('/r', 1), range }).range).toEqual(range);
    }
  });

  it('reads blob_id and blob_hash as the u256 of their bytes, little-endian', () => {
    const r = resource('/a.js', 3);
    const bytes = ResourceBcs.serialize(resourceToBcs(r)).toBytes();
    const plain = U256Resource.parse(bytes);
    expect(BigInt(plain.blob_id)).toBe(u256FromBytes(blobIdFromText(r.blobId)));
    expect(BigInt(plain.blob_hash)).toBe(u256FromBytes(r.blobHash));
    // And the other way: a resource written with u256 values decodes to the same bytes.
    expect(U256Resource.serialize(plain).toBytes()).toEqual(bytes);
    expect(u256ToBytes(1n)).toEqual(Uint8Array.from([1, ...new Array(31).fill(0)]));
    expect(u256FromBytes(u256ToBytes(2n ** 256n - 2n))).toBe(2n ** 256n - 2n);
    expect(() => u256ToBytes(2n ** 256n)).toThrow(RangeError);
  });

  it('prints blob IDs as 43 URL-safe base64 characters', () => {
    const back = roundTrip(resource('/x', 12));
    expect(back.blobId).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('rejects a blob hash that is not 32 bytes', () => {
    expect(() => resourceToBcs({ ...resource('/x', 1), blobHash: new Uint8Array(31) })).toThrow(
      InvalidSiteUpdateError,
    );
  });

  it('round-trips metadata and the site object', () => {
    expect(
      metadataFromBcs(MetadataBcs.parse(MetadataBcs.serialize(metadataToBcs(METADATA)).toBytes())),
    ).toEqual(METADATA);
    const content = SiteBcs.serialize({ id: SITE_ID, name: 'My site', ...metadataToBcs(METADATA) }).toBytes();
    expect(parseSite(content)).toEqual({ id: SITE_ID, name: 'My site', metadata: METADATA });
  });

  it('decodes the dynamic-field objects: Field<ResourcePath, Resource>, routes, redirects', () => {
    const r = resource('/docs/index.html', 4);
    const field = ResourceFieldBcs.serialize({
      id: FIELD_ID,
      name: { path: r.path },
      value: resourceToBcs(r),
    });
    expect(parseResourceField(field.toBytes())).toEqual(r);

    const routes = RoutesFieldBcs.serialize({
      id: FIELD_ID,
      name: new TextEncoder().encode('routes'),
      value: {
        route_list: {
          contents: [
            { key: '/z/*', value: '/z.html' },
            { key: '/a/*', value: '/a.html' },
          ],
        },
      },
    });
    expect(parseRoutesField(routes.toBytes())).toEqual([
      ['/z/*', '/z.html'],
      ['/a/*', '/a.html'],
    ]);

    const redirects = RedirectsFieldBcs.serialize({
      id: FIELD_ID,
      name: new TextEncoder().encode('redirects'),
      value: {
        redirect_list: { contents: [{ key: '/old', value: { location: '/new', status_code: 308 } }] },
      },
    });
    expect(parseRedirectsField(redirects.toBytes())).toEqual([
      ['/old', { location: '/new', statusCode: 308 }],
    ]);
  });

  it('turns undecodable bytes into SiteDecodeError', () => {
    expect(() => parseSite(new Uint8Array(10))).toThrow(SiteDecodeError);
    expect(() => parseResourceField(new Uint8Array(40))).toThrow(SiteDecodeError);
    const badStatus = RedirectsFieldBcs.serialize({
      id: FIELD_ID,
      name: new TextEncoder().encode('redirects'),
      value: {
        redirect_list: { contents: [{ key: '/old', value: { location: '/new', status_code: 200 } }] },
      },
    });
    expect(() => parseRedirectsField(badStatus.toBytes())).toThrow(SiteDecodeError);
  });

  it('rejects trailing bytes after the value with SiteDecodeError, for every parser', () => {
    const r = resource('/index.html', 7);
    const valid: [string, Uint8Array, (bytes: Uint8Array) => unknown][] = [
      [
        'Site',
        SiteBcs.serialize({ id: SITE_ID, name: 'My site', ...metadataToBcs(METADATA) }).toBytes(),
        parseSite,
      ],
      [
        'Resource',
        ResourceFieldBcs.serialize({
          id: FIELD_ID,
          name: { path: r.path },
          value: resourceToBcs(r),
        }).toBytes(),
        parseResourceField,
      ],
      [
        'Routes',
        RoutesFieldBcs.serialize({
          id: FIELD_ID,
          name: new TextEncoder().encode('routes'),
          value: { route_list: { contents: [{ key: '/*', value: '/index.html' }] } },
        }).toBytes(),
        parseRoutesField,
      ],
      [
        'Redirects',
        RedirectsFieldBcs.serialize({
          id: FIELD_ID,
          name: new TextEncoder().encode('redirects'),
          value: {
            redirect_list: { contents: [{ key: '/a', value: { location: '/b', status_code: 301 } }] },
          },
        }).toBytes(),
        parseRedirectsField,
      ],
    ];
    for (const [what, bytes, parse] of valid) {
      expect(() => parse(bytes), what).not.toThrow();
      for (const extra of [[0], [1, 2, 3], new Array<number>(100).fill(0xff)]) {
        const padded = Uint8Array.from([...bytes, ...extra]);
        expect(() => parse(padded), what).toThrow(SiteDecodeError);
        expect(() => parse(padded), what).toThrow(`${extra.length} trailing bytes`);
      }
      // A value read from the middle of a larger buffer is still the whole input.
      const inside = new Uint8Array(bytes.length + 8);
      inside.set(bytes, 4);
      expect(() => parse(inside.subarray(4, 4 + bytes.length)), what).not.toThrow();
    }
  });
});
